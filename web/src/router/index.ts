import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import type { Permissions, User } from '@/api/types'
import { useSession } from '@/stores/session'
import { canRead, canSeeScreen, homePath, isAdmin } from '@/domain/permissions'
import { isKindName } from '@/domain/kinds'
import { showError } from '@/utils/notify'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean
    /** Whether the user, with the permissions the server gave it, may open the route. */
    allow?: (user: User, to: RouteLocationNormalized, permissions: Permissions) => boolean
  }
}

const ConsoleLayout = () => import('@/layouts/ConsoleLayout.vue')

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true } },
    {
      path: '/screen',
      name: 'screen',
      component: () => import('@/views/ScreenView.vue'),
      meta: { allow: (u) => canSeeScreen(u) },
    },
    // A printable safety-code card (outside the layout: only the card is printed).
    { path: '/codes/print/:subject(enterprise|worker)/:id(\\d+)', name: 'code-print', component: () => import('@/views/codes/CodePrintView.vue') },
    {
      path: '/',
      component: ConsoleLayout,
      children: [
        { path: '', name: 'home', redirect: () => homePath(useSession().user) },
        {
          path: 'map',
          name: 'map',
          component: () => import('@/views/MapView.vue'),
          meta: { allow: (u) => u.role !== 'enterprise_user' },
        },
        {
          path: 'registry/:kind',
          name: 'registry',
          component: () => import('@/views/registry/RegistryListView.vue'),
          meta: { allow: (_u, to, p) => isKindName(String(to.params.kind)) && canRead(p, String(to.params.kind)) },
        },
        {
          path: 'registry/:kind/:id',
          name: 'record',
          component: () => import('@/views/registry/RecordView.vue'),
          meta: { allow: (_u, to, p) => isKindName(String(to.params.kind)) && canRead(p, String(to.params.kind)) },
        },
        {
          path: 'my-enterprise',
          name: 'my-enterprise',
          component: () => import('@/views/MyEnterpriseView.vue'),
          meta: { allow: (u) => u.role === 'enterprise_user' },
        },
        {
          path: 'admin/users',
          name: 'users',
          component: () => import('@/views/admin/UsersView.vue'),
          meta: { allow: (_u, _to, p) => isAdmin(p) },
        },
        {
          path: 'admin/audit',
          name: 'audit',
          component: () => import('@/views/admin/AuditView.vue'),
          meta: { allow: (_u, _to, p) => canRead(p, 'audit') },
        },
        { path: 'admin', redirect: { name: 'users' } },
        // 掌上执法: the inspector's phone pages (issue 10 items 4–5).
        {
          path: 'inspections/tasks',
          name: 'inspection-tasks',
          component: () => import('@/views/inspections/InspectorTasksView.vue'),
          meta: { allow: (_u, _to, p) => canRead(p, 'inspection_tasks') },
        },
        {
          path: 'inspections/tasks/:id(\\d+)',
          name: 'inspection-task',
          component: () => import('@/views/inspections/InspectionTaskView.vue'),
          meta: { allow: (_u, _to, p) => canRead(p, 'inspection_tasks') },
        },
        // Stateless calculations (POST /api/v1/calc/*): open to every signed-in user.
        { path: 'risk/calc', name: 'risk-calc', component: () => import('@/views/risk/RiskCalcView.vue') },
        { path: 'risk', redirect: { name: 'risk-calc' } },
        {
          path: 'warnings',
          name: 'warnings',
          component: () => import('@/views/alerts/WarningsView.vue'),
          meta: { allow: (_u, _to, p) => canRead(p, 'warnings') },
        },
        // 四色图 by town (issue 8): the four-colour list in the caller's scope.
        { path: 'risk/towns', name: 'risk-towns', component: () => import('@/views/risk/RiskTownsView.vue') },
        // 值班 (issue 11 item 5): the week calendar, one shift (handover, log), the address book.
        { path: 'duty', name: 'duty', component: () => import('@/views/duty/DutyCalendarView.vue'), meta: { allow: (_u, _to, p) => canRead(p, 'duty_shifts') } },
        { path: 'duty/shifts/:id(\\d+)', name: 'duty-shift', component: () => import('@/views/duty/DutyShiftView.vue'), meta: { allow: (_u, _to, p) => canRead(p, 'duty_shifts') } },
        { path: 'duty/contacts', name: 'duty-contacts', component: () => import('@/views/duty/DutyContactsView.vue'), meta: { allow: (_u, _to, p) => canRead(p, 'duty_contacts') } },
        { path: 'account/tokens', name: 'tokens', component: () => import('@/views/account/TokensView.vue') },
        // Hidden dangers and 双随机 (issue 10 item 5).
        {
          path: 'hazards',
          name: 'hazards',
          component: () => import('@/views/hazards/HazardListView.vue'),
          meta: { allow: (_u, _to, p) => canRead(p, 'hazards') },
        },
        {
          path: 'hazards/:id(\\d+)',
          name: 'hazard',
          component: () => import('@/views/hazards/HazardDetailView.vue'),
          meta: { allow: (_u, _to, p) => canRead(p, 'hazards') },
        },
        {
          path: 'hazard-board',
          name: 'hazard-board',
          component: () => import('@/views/hazards/HazardOverdueView.vue'),
          meta: { allow: (_u, _to, p) => canRead(p, 'hazards') },
        },
        {
          path: 'hazard-stats',
          name: 'hazard-stats',
          component: () => import('@/views/hazards/HazardStatsView.vue'),
          meta: { allow: (_u, _to, p) => canRead(p, 'hazards') },
        },
        {
          path: 'inspections/draws',
          name: 'draws',
          component: () => import('@/views/inspections/DrawsView.vue'),
          meta: { allow: (_u, _to, p) => canRead(p, 'inspection_draws') },
        },
        {
          path: 'inspections/draws/:id(\\d+)',
          name: 'draw',
          component: () => import('@/views/inspections/DrawDetailView.vue'),
          meta: { allow: (_u, _to, p) => canRead(p, 'inspection_draws') },
        },
        // 突发事件处置 (issue 11 item 6): the incident list and page; the assignee's phone pages.
        { path: 'incidents', name: 'incidents', component: () => import('@/views/incidents/IncidentListView.vue'), meta: { allow: (u, _to, p) => u.role !== 'enterprise_user' && canRead(p, 'incidents') } },
        { path: 'incidents/:id(\\d+)', name: 'incident', component: () => import('@/views/incidents/IncidentDetailView.vue'), meta: { allow: (u, _to, p) => u.role !== 'enterprise_user' && canRead(p, 'incidents') } },
        { path: 'incidents/my-tasks', name: 'incident-my-tasks', component: () => import('@/views/incidents/MyTasksView.vue') },
        { path: 'incidents/my-tasks/:id(\\d+)', name: 'incident-my-task', component: () => import('@/views/incidents/MyTaskView.vue') },
        // 预案中心 (issue 11 item 6): the plan library, one plan, the structured editor (docs/plans.md).
        { path: 'plans', name: 'plans', component: () => import('@/views/plans/PlanListView.vue'), meta: { allow: (_u, _to, p) => canRead(p, 'plans') } },
        { path: 'plans/new', name: 'plan-new', component: () => import('@/views/plans/PlanEditView.vue'), meta: { allow: (_u, _to, p) => p.plans?.create === true } },
        { path: 'plans/:id(\\d+)', name: 'plan', component: () => import('@/views/plans/PlanDetailView.vue'), meta: { allow: (_u, _to, p) => canRead(p, 'plans') } },
        { path: 'plans/:id(\\d+)/edit', name: 'plan-edit', component: () => import('@/views/plans/PlanEditView.vue'), meta: { allow: (_u, _to, p) => p.plans?.update === true } },
        { path: 'no-access', name: 'no-access', component: () => import('@/views/NoticeView.vue'), props: { kind: 'noAccess' } },
        { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NoticeView.vue'), props: { kind: 'notFound' } },
      ],
    },
  ],
})

router.beforeEach(async (to) => {
  const session = useSession()
  if (!session.checked) {
    try {
      await session.check()
    } catch (e) {
      // The server cannot be reached: let the login page say so.
      showError(e)
    }
  }
  if (to.meta.public) {
    return to.name === 'login' && session.user ? homePath(session.user) : true
  }
  if (!session.user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (to.meta.allow && !to.meta.allow(session.user, to, session.permissions)) return { name: 'no-access' }
  return true
})
