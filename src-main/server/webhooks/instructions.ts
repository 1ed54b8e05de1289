import type { Dispatch } from '../../api/dispatch'
import type { DeliveryRow } from '../../store/port'

export interface InstructionResult {
  ok: boolean
  message: string
  /** Shown in the Events area (app.webhook), e.g. what a voice instruction could not do. */
  notice?: string
}

const NO_VOICE = 'not supported without a voice provider'

/**
 * Applies an assignment-callback answer (REFERENCE §7.1) through `dispatch`
 * (`reservations.update`), like any other client, so it is validated and persisted:
 * - `accept`; `reject` (with `activity_sid`);
 * - `dequeue` and `conference` accept the reservation (their routing effect, §7.2); the call
 *   itself is not bridged (no voice provider);
 * - `call` and `redirect` accept only with `"accept": true` (their documented default is false);
 *   otherwise the reservation stays pending for a REST answer;
 * - anything else fails the delivery with the reason.
 */
export async function applyInstruction(dispatch: Dispatch, row: DeliveryRow, answer: Record<string, unknown>): Promise<InstructionResult> {
  const instruction = String(answer.instruction)
  const target = { workspace_sid: row.workspace_sid, sid: row.params.ReservationSid, task_sid: row.params.TaskSid }
  const update = async (input: Record<string, unknown>): Promise<{ ok: boolean; message: string }> => {
    const result = await dispatch('reservations.update', { ...target, ...input })
    return result.ok ? { ok: true, message: `reservation ${result.data.reservation_status}` } : { ok: false, message: `${instruction}: ${result.error.message} (HTTP ${result.error.status})` }
  }
  switch (instruction) {
    case 'accept':
      return update({ reservation_status: 'accepted' })
    case 'reject': {
      const activity = typeof answer.activity_sid === 'string' ? { worker_activity_sid: answer.activity_sid } : {}
      return update({ reservation_status: 'rejected', ...activity })
    }
    case 'dequeue':
    case 'conference': {
      const result = await update({ instruction })
      return { ...result, notice: `Instruction '${instruction}' recorded and the reservation accepted; bridging the call is ${NO_VOICE}` }
    }
    case 'call':
    case 'redirect': {
      if (answer.accept === true || answer.accept === 'true') {
        const result = await update({ instruction })
        return { ...result, notice: `Instruction '${instruction}' recorded and the reservation accepted ("accept": true); placing or redirecting the call is ${NO_VOICE}` }
      }
      return { ok: true, message: 'recorded', notice: `Instruction '${instruction}' recorded; it is ${NO_VOICE} and has no "accept": true, so the reservation stays pending until accepted or rejected over REST` }
    }
    default:
      return { ok: false, message: `Unknown instruction '${instruction}' (accept, reject, dequeue, call, redirect or conference)` }
  }
}
