import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addMinutes,
  announce,
  answerHelp,
  askForHelp,
  isAskingForHelp,
  pauseCountdown,
  readControl,
  remainingMs,
  resumeCountdown,
  startCountdown,
} from './controlDocument.js'

const MINUTE = 60_000

describe('the session clock', () => {
  it('runs, pauses, resumes and takes extra minutes', () => {
    const doc = new Y.Doc()
    expect(remainingMs(readControl(doc).countdown, 0)).toBeNull()
    startCountdown(doc, 10, 0)
    expect(remainingMs(readControl(doc).countdown, 4 * MINUTE)).toBe(6 * MINUTE)
    pauseCountdown(doc, 4 * MINUTE)
    expect(remainingMs(readControl(doc).countdown, 9 * MINUTE)).toBe(6 * MINUTE)
    addMinutes(doc, 2, 9 * MINUTE)
    resumeCountdown(doc, 10 * MINUTE)
    expect(remainingMs(readControl(doc).countdown, 11 * MINUTE)).toBe(7 * MINUTE)
    addMinutes(doc, -30, 11 * MINUTE)
    expect(remainingMs(readControl(doc).countdown, 12 * MINUTE)).toBe(0)
  })

  it('reaches another copy of the document as an ordinary update', () => {
    const moderator = new Y.Doc()
    const table = new Y.Doc()
    startCountdown(moderator, 5, 1000)
    announce(moderator, 'Five minutes left', 1000, 'a1')
    Y.applyUpdate(table, Y.encodeStateAsUpdate(moderator))
    const state = readControl(table)
    expect(state.announcements).toEqual([{ id: 'a1', text: 'Five minutes left', at: 1000 }])
    expect(remainingMs(state.countdown, 1000)).toBe(5 * MINUTE)
  })
})

describe('asking for help', () => {
  it('waits until a moderator answers after the call', () => {
    const control = new Y.Doc()
    const table = new Y.Doc()
    expect(isAskingForHelp(table, readControl(control), 't1')).toBe(false)
    askForHelp(table, 100)
    expect(isAskingForHelp(table, readControl(control), 't1')).toBe(true)
    answerHelp(control, 't2', 200)
    expect(isAskingForHelp(table, readControl(control), 't1')).toBe(true)
    answerHelp(control, 't1', 200)
    expect(isAskingForHelp(table, readControl(control), 't1')).toBe(false)
    askForHelp(table, 300)
    expect(isAskingForHelp(table, readControl(control), 't1')).toBe(true)
  })
})
