// Words for the plan centre's server values (categories, sub-types and indicators are Chinese on
// the wire; en shows its own labels, an unknown value shows as itself).
import { useI18n } from 'vue-i18n'
import type { Plan } from '@/api/plans'
import { useSession } from '@/stores/session'

export function usePlanLabels() {
  const { t, te } = useI18n()
  const session = useSession()
  const known = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const category = (c: string) => known(`plans.categories.${c}`, c)
  const subType = (s: string) => known(`plans.subTypes.${s}`, s)
  const indicator = (i: string) => known(`plans.indicators.${i}`, i)
  const typeText = (p: Pick<Plan, 'type' | 'sub_type'>) => (p.sub_type ? `${category(p.type)} · ${subType(p.sub_type)}` : category(p.type))
  /** The plan's place: the division's name, or the enterprise. */
  const placeText = (p: Pick<Plan, 'level' | 'jurisdiction' | 'enterprise_id'>) =>
    p.level === 'enterprise' ? t('plans.enterpriseN', { id: p.enterprise_id ?? '—' }) : session.nameOf(p.jurisdiction ?? '') || (p.jurisdiction ?? '—')
  return { category, subType, indicator, typeText, placeText }
}
