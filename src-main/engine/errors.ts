import { ErrorCode, type ErrorCodeValue } from '../contract/errors'

/**
 * Named engine errors with stable codes. Transports map the code to an HTTP status through
 * the contract's single table; `param` names the input field at fault (snake_case).
 */
export abstract class EngineError extends Error {
  abstract readonly code: ErrorCodeValue
  constructor(
    message: string,
    readonly param?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = new.target.name
  }
}

/** A parameter is malformed or out of range (400 / 20001). */
export class InvalidParameterError extends EngineError {
  readonly code = ErrorCode.InvalidRequest
}

/** The request conflicts with current state: a duplicate name, a resource still in use (400 / 20001). */
export class ConflictError extends EngineError {
  readonly code = ErrorCode.InvalidRequest
}

/** A state machine refuses the transition (400 / 20001). */
export class InvalidTransitionError extends EngineError {
  readonly code = ErrorCode.InvalidRequest
}

/** The resource does not exist in this workspace (404 / 20404). */
export class NotFoundError extends EngineError {
  readonly code = ErrorCode.NotFound
}

/** If-Match named a version that is no longer current (412 / 20412). */
export class VersionMismatchError extends EngineError {
  readonly code = ErrorCode.PreconditionFailed
}

/** The reservation is no longer pending (accepted elsewhere, rescinded, timed out): 410. */
export class ReservationGoneError extends EngineError {
  readonly code = ErrorCode.Gone
}
