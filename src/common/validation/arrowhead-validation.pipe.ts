import { ArgumentMetadata, Inject, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { ArrowheadException } from '../arrowhead/arrowhead.exception';
import { ListInput } from '../arrowhead/arrowhead-params.decorator';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { fastPathFor } from './fast-paths';
import { checkInputBounds, InputBounds } from './input-bounds';

function firstMessages(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const property = path ? `${path}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {});
    return own.length > 0 ? own : firstMessages(error.children ?? [], property);
  });
}

export function parseFailure(reason: string): ArrowheadException {
  return ArrowheadException.invalidParameter(`Could not parse payload. Reason: ${reason}`);
}

/**
 * The JSON-shape check of an operation's input (what Jackson does in the reference): wrong types
 * are a 400, unknown fields are stripped (SPEC.md §3). An absent payload stays null so that each
 * operation's request parser can answer it with its own text; order-dependent rules live in those parsers.
 */
@Injectable()
export class ArrowheadValidationPipe extends ValidationPipe {
  private readonly bounds: InputBounds;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      whitelist: true,
      transform: true,
      validateCustomDecorators: true,
      forbidUnknownValues: false,
      exceptionFactory: (errors: ValidationError[]) => parseFailure(firstMessages(errors).join('; ')),
    });
    this.bounds = { maxBulk: config.maxBulk };
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const data: unknown = metadata.data;
    if (data instanceof ListInput) {
      // A list input is an array or absent (MQTT carries it as the payload, which may be any JSON).
      if (value !== undefined && !Array.isArray(value)) throw parseFailure('a JSON array was expected');
      checkInputBounds(value, this.bounds, data.name);
      return value;
    }
    // Every input of every operation (payload, list, parameter, requester) passes here, on both transports.
    checkInputBounds(value, this.bounds, typeof metadata.data === 'string' ? metadata.data : '');
    if (value === null || value === undefined || !this.toValidate(metadata)) {
      return value;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw parseFailure('a JSON object was expected');
    }
    return fastPathFor(metadata.metatype)?.(value) ?? super.transform(value, metadata);
  }
}
