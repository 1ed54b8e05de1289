import { ConflictError, NotFoundError } from '../errors'

interface Named {
  sid: string
  friendly_name: string
}

/**
 * Resources of one kind in one workspace, indexed by SID and by case-folded friendly name so
 * that uniqueness checks and name lookups are O(1) (names are unique case-insensitively).
 */
export class NamedCollection<R extends Named> {
  private readonly bySid = new Map<string, R>()
  private readonly byName = new Map<string, R>()

  /** `scope` completes "already exists …": where names must be unique. */
  constructor(
    private readonly label: string,
    private readonly scope = 'in this workspace',
  ) {}

  get size(): number {
    return this.bySid.size
  }

  values(): IterableIterator<R> {
    return this.bySid.values()
  }

  find(sid: string): R | undefined {
    return this.bySid.get(sid)
  }

  findByName(name: string): R | undefined {
    return this.byName.get(fold(name))
  }

  /** The resource, or a 404 naming what was looked for. */
  get(sid: string, param = 'sid'): R {
    const found = this.bySid.get(sid)
    if (!found) throw new NotFoundError(`The requested ${this.label} ${sid} was not found`, param)
    return found
  }

  /** Refuses a name already used by another resource of this kind (ignoring case). */
  assertNameFree(name: string, exceptSid?: string): void {
    const holder = this.byName.get(fold(name))
    if (holder && holder.sid !== exceptSid) {
      throw new ConflictError(`A ${this.label} named '${holder.friendly_name}' already exists ${this.scope} (${holder.sid}); names are unique ignoring case`, 'friendly_name', { existing_sid: holder.sid })
    }
  }

  set(record: R): void {
    const previous = this.bySid.get(record.sid)
    if (previous) this.byName.delete(fold(previous.friendly_name))
    this.bySid.set(record.sid, record)
    this.byName.set(fold(record.friendly_name), record)
  }

  remove(sid: string): void {
    const previous = this.bySid.get(sid)
    if (!previous) return
    this.bySid.delete(sid)
    this.byName.delete(fold(previous.friendly_name))
  }
}

export function fold(name: string): string {
  return name.trim().toLowerCase()
}
