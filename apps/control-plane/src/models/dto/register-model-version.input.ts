import { Field, InputType } from '@nestjs/graphql';
import { SimHintsInput } from './sim-hints.type.js';

@InputType()
export class RegisterModelVersionInput {
  @Field({ description: 'Created on its first version. 1-100 chars of [A-Za-z0-9._-].' }) modelName!: string;
  @Field({ description: 'Unique within the model. 1-64 chars of [A-Za-z0-9._+-].' }) version!: string;
  @Field({ description: 'sha256 of an uploaded artifact of kind ONNX.' }) onnxSha256!: string;
  @Field(() => String, { nullable: true, description: 'How to feed the model, e.g. "RGB 640x640, 0-1".' })
  inputDescription?: string | null;
  @Field(() => String, { nullable: true, description: 'sha256 of an uploaded CALIBRATION artifact (for INT8).' })
  calibrationSha256?: string | null;
  @Field(() => String, { nullable: true, description: 'sha256 of an uploaded GOLDEN artifact (for AP50).' })
  goldenSha256?: string | null;
  @Field(() => SimHintsInput, { nullable: true }) simHints?: SimHintsInput | null;
}
