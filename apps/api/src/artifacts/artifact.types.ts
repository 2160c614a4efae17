import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Node } from '../common/node';

@ObjectType({ implements: Node, description: 'A file a run produced: a checkpoint or its PEFT adapter. Download with GET /artifacts/{id}.' })
export class Artifact extends Node {
  @Field(() => ID, { description: 'Global id, opaque; download the bytes with GET /artifacts/{id}.' })
  declare id: string;

  @Field({ description: '`checkpoint` or `adapter`.' })
  kind!: string;

  @Field({ description: 'File name, e.g. `adapter_model.safetensors`.' })
  name!: string;

  @Field(() => Float, { description: 'Size in bytes.' })
  sizeBytes!: number;

  @Field({ description: 'Hex SHA-256 of the bytes, checked on upload.' })
  sha256!: string;

  @Field(() => Date, { description: 'When it was uploaded.' })
  createdAt!: Date;
}
