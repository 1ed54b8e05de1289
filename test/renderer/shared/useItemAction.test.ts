import { describe, expect, it } from 'vitest'
import { ApiCallError } from '@renderer/app/api'
import { useItemAction } from '@renderer/shared/composables/useItemAction'

const refusal = new ApiCallError('queues.delete', { code: 20001, status: 400, message: "Task queue 'Sales' is used by workflow 'Main'", param: 'sid' })

describe('useItemAction (the confirm-dialog wiring of list pages)', () => {
  it('runs on the open item with the dialog\'s arguments, then closes', async () => {
    const calls: Array<[string, string]> = []
    const renaming = useItemAction(async (sid: string, name: string) => void calls.push([sid, name]))
    renaming.open('WQ1')
    expect(await renaming.confirm('Sales')).toBe(true)
    expect(calls).toEqual([['WQ1', 'Sales']])
    expect(renaming.item).toBeNull()
  })

  it('keeps the dialog open with the server\'s reason when refused; reopening clears it', async () => {
    const deletion = useItemAction(async () => {
      throw refusal
    })
    deletion.open('WQ1')
    expect(await deletion.confirm()).toBe(false)
    expect(deletion).toMatchObject({ item: 'WQ1', busy: false, error: "Task queue 'Sales' is used by workflow 'Main'" })
    deletion.open('WQ2')
    expect(deletion.error).toBeNull()
  })

  it('does nothing with no item open, and ignores a second confirm while the first runs', async () => {
    let runs = 0
    let finish: () => void = () => {}
    const deletion = useItemAction(() => new Promise<void>((resolve) => ((runs += 1), (finish = resolve))))
    expect(await deletion.confirm()).toBe(false)
    deletion.open('WQ1')
    const first = deletion.confirm()
    expect(deletion.busy).toBe(true)
    expect(await deletion.confirm()).toBe(false)
    finish()
    expect(await first).toBe(true)
    expect(runs).toBe(1)
  })
})
