// Stopping one of the embedded stack's HTTP servers: close() alone waits for idle keep-alive connections
// (an SDK client's, a browser's event stream) to time out, so open connections are ended too.

/** An HTTP server as the emulators and our own endpoints expose it. */
export interface ClosableServer {
  close(callback: () => void): unknown;
  closeAllConnections?: () => void;
}

/** Closes `server` and every connection it holds; resolves when it has stopped. */
export function closeServer(server: ClosableServer): Promise<void> {
  return new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections?.();
  });
}
