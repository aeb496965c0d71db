// Stands in for `cssomnom/parse` in the Lambda bundle (infra/constructs/bundled-data.ts): linkedom calls
// it only to build a <style> element's `sheet`, which neither Readability nor shared/ingest reads. The
// real parser is 0.21 MB of the bundle.
export function parse() {
  throw new Error('CSS style sheets are not parsed in the Lambda bundle (cssomnom/parse is left out).');
}
