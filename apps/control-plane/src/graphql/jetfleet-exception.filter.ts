import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { JetfleetException } from '../common/jetfleet.exception.js';

/**
 * Expected errors go straight to the GraphQL error formatter instead of through Nest's
 * exception handler, which would log every bad tag or unknown id as a server error.
 */
@Catch(JetfleetException)
export class JetfleetExceptionFilter implements GqlExceptionFilter {
  catch(exception: JetfleetException): JetfleetException {
    return exception;
  }
}
