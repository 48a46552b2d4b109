// The duty calendar's week arithmetic in Beijing time, whatever the browser's zone.
import { describe, expect, it } from 'vitest'
import { beijingDate, beijingInstant, weekStart } from '@/api/duty'

describe('duty week', () => {
  it('starts on Monday 00:00 Beijing time', () => {
    // Monday 2026-12-07 00:30 Beijing is Sunday 16:30 UTC.
    expect(weekStart(new Date('2026-12-06T16:30:00Z')).toISOString()).toBe('2026-12-06T16:00:00.000Z')
    // Sunday 23:59 Beijing still belongs to the week of Monday the 7th.
    expect(weekStart(new Date('2026-12-13T15:59:00Z')).toISOString()).toBe('2026-12-06T16:00:00.000Z')
    // Monday 2026-12-14 00:00 Beijing starts the next week.
    expect(weekStart(new Date('2026-12-13T16:00:00Z')).toISOString()).toBe('2026-12-13T16:00:00.000Z')
  })
  it('names Beijing dates and instants', () => {
    expect(beijingDate(new Date('2026-12-06T16:00:00Z'))).toBe('2026-12-07')
    expect(beijingDate(new Date('2026-12-06T15:59:59Z'))).toBe('2026-12-06')
    expect(beijingInstant('2026-12-07', '08:00')).toBe('2026-12-07T08:00:00+08:00')
  })
})
