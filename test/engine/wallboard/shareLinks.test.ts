import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../../src-main/engine/wallboard/sha256'
import { workspaceFixture } from '../helpers'

describe('sha256Hex (pure, for share tokens)', () => {
  it.each(['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'é ☃ 𝄞', '0123456789abcdef'.repeat(4)])('matches node:crypto for %j', (text) => {
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'))
  })
})

describe('share links and the sharing switch', () => {
  function sharing() {
    const context = workspaceFixture()
    const layout = context.run('wallboardLayouts.create', { workspace_sid: context.ws, name: 'TV' }).result
    return { ...context, layout }
  }

  it('sharing is off by default and a token opens nothing until it is turned on', () => {
    const { run, read, ws } = sharing()
    expect(read('wallboardSettings.get', { workspace_sid: ws })).toEqual({ workspace_sid: ws, sharing_enabled: false, date_updated: null })
    const { token } = run('shareLinks.create', { workspace_sid: ws, name: 'Lobby TV' }).result
    expect(() => read('shareLinks.authorize', { token })).toThrow(expect.objectContaining({ code: 20003, param: 'token' }))
    run('wallboardSettings.update', { workspace_sid: ws, sharing_enabled: true })
    expect(read('shareLinks.authorize', { token })).toMatchObject({ workspace_sid: ws, layout_sid: null })
  })

  it('returns the token once and stores only its SHA-256', () => {
    const { run, ws, layout } = sharing()
    const { result, changes } = run('shareLinks.create', { workspace_sid: ws, name: 'Lobby TV', layout_sid: layout.sid })
    expect(result.token).toMatch(/^[0-9a-f]{64}$/)
    expect(result.path).toBe(`/share/${result.token}/`)
    expect(result.link).toMatchObject({ name: 'Lobby TV', layout_sid: layout.sid, revoked: false, date_revoked: null })
    const stored = JSON.stringify(changes)
    expect(stored).not.toContain(result.token)
    expect(stored).toContain(createHash('sha256').update(result.token).digest('hex'))
    expect(JSON.stringify(result.link)).not.toContain('hash')
  })

  it('refuses a wrong token, a revoked token, and every token while sharing is off again', () => {
    const { run, read, ws } = sharing()
    run('wallboardSettings.update', { workspace_sid: ws, sharing_enabled: true })
    const kept = run('shareLinks.create', { workspace_sid: ws, name: 'Kept' }).result
    const revoked = run('shareLinks.create', { workspace_sid: ws, name: 'Revoked' }).result
    expect(run('shareLinks.revoke', { workspace_sid: ws, sid: revoked.link.sid }).result).toMatchObject({ revoked: true, date_revoked: expect.any(String) })
    const refused = expect.objectContaining({ code: 20003 })
    expect(() => read('shareLinks.authorize', { token: 'f'.repeat(64) })).toThrow(refused)
    expect(() => read('shareLinks.authorize', { token: revoked.token })).toThrow(refused)
    expect(read('shareLinks.authorize', { token: kept.token }).link_sid).toBe(kept.link.sid)
    run('wallboardSettings.update', { workspace_sid: ws, sharing_enabled: false })
    expect(() => read('shareLinks.authorize', { token: kept.token })).toThrow(refused)
    expect(read('shareLinks.list', { workspace_sid: ws }).map((link) => [link.name, link.revoked])).toEqual([['Kept', false], ['Revoked', true]])
  })

  it('refuses a link to a layout that does not exist', () => {
    const { run, ws } = sharing()
    expect(() => run('shareLinks.create', { workspace_sid: ws, name: 'TV', layout_sid: 'RD' + 'e'.repeat(32) })).toThrow(expect.objectContaining({ code: 20404, param: 'layout_sid' }))
  })
})
