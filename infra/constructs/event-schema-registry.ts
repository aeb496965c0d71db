// The published event schemas in an EventBridge schema registry: one registry named like the bus,
// one schema per detail type and major version (events/schemas/v<n>/*.json, JSON Schema draft 4,
// written by `npm run events:schemas`). Consumers find them in the console or with
// `aws schemas describe-schema --registry-name <bus> --schema-name article-pipeline@StatementProcessed`.
import { CfnRegistry, CfnSchema } from 'aws-cdk-lib/aws-eventschemas';
import { Construct } from 'constructs';
import { publishedSchemas, registrySchemaName } from '../../events/schema-files.js';

export interface EventSchemaRegistryProps {
  readonly registryName: string;
}

export class EventSchemaRegistry extends Construct {
  readonly registry: CfnRegistry;
  readonly schemas: CfnSchema[] = [];

  constructor(scope: Construct, id: string, props: EventSchemaRegistryProps) {
    super(scope, id);
    this.registry = new CfnRegistry(this, 'Registry', {
      registryName: props.registryName,
      description:
        'article-pipeline event schemas (source article-pipeline), one per detail type and major version',
    });
    for (const published of publishedSchemas()) {
      const name = registrySchemaName(published.detailType, published.major);
      this.schemas.push(
        new CfnSchema(this, name.replace(/[^A-Za-z0-9]/g, ''), {
          registryName: this.registry.attrRegistryName,
          schemaName: name,
          type: 'JSONSchemaDraft4',
          content: JSON.stringify(JSON.parse(published.content)),
          description: `${published.detailType} (schemaVersion ${published.major}): detail of the event`,
        }),
      );
    }
  }
}
