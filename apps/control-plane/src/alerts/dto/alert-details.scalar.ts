import { Scalar, type CustomScalar } from '@nestjs/graphql';
import type { ValueNode } from 'graphql';

type Details = Record<string, unknown>;

/**
 * JSON object of the measurements and limits behind an alert or event. Output only. A class
 * scalar (a provider of AlertsModule), so Nest builds it with its own copy of graphql.
 */
@Scalar('AlertDetails')
export class AlertDetailsScalar implements CustomScalar<Details, Details> {
  description = 'JSON object: the measurements and limits behind an alert or event.';

  serialize(value: unknown): Details {
    return value as Details;
  }

  parseValue(): Details {
    throw new TypeError('AlertDetails is an output type');
  }

  parseLiteral(_ast: ValueNode): Details {
    throw new TypeError('AlertDetails is an output type');
  }
}
