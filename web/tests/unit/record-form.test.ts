import { nextTick } from 'vue'
import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import RecordForm from '@/components/registry/RecordForm.vue'
import { ApiError } from '@/api/client'
import { KINDS } from '@/domain/kinds'
import { i18n } from '@/i18n'
import { creditCodeCheckChar } from '@/domain/validate'
import type { BaseObject, Permissions } from '@/api/types'
import { useSession } from '@/stores/session'
import { COMMUNITY_OFFICER, DISTRICT_OFFICER, TOWN_OFFICER } from './fixtures/permissions'

function mountForm(save: (b: Record<string, unknown>) => Promise<BaseObject>, record: BaseObject | null = null, editable?: string[]) {
  const pinia = createPinia()
  setActivePinia(pinia)
  i18n.global.locale.value = 'zh-CN'
  return mount(RecordForm, {
    props: { spec: KINDS.enterprises, record, save, editable },
    global: { plugins: [pinia, i18n, ElementPlus] },
    attachTo: document.body,
  })
}

const code = (body: string) => body + creditCodeCheckChar(body)

/** Lets promises and watchers run, and waits out Element Plus's 100 ms debounce of error display. */
async function settle() {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 150))
  await nextTick()
}

async function fill(wrapper: ReturnType<typeof mountForm>, field: string, value: string) {
  await wrapper.find(`[data-field=${field}] input`).setValue(value)
}

function errorAt(wrapper: ReturnType<typeof mountForm>, field: string): string {
  return wrapper.find(`[data-field=${field}] .el-form-item__error`).text()
}

describe('RecordForm', () => {
  it('checks required fields and the credit code before sending anything', async () => {
    const save = vi.fn()
    const wrapper = mountForm(save)
    await fill(wrapper, 'credit_code', '91330106XYZ')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(save).not.toHaveBeenCalled()
    expect(errorAt(wrapper, 'name')).toBe('此项必填')
    expect(errorAt(wrapper, 'credit_code')).toContain('统一社会信用代码无效')
    wrapper.unmount()
  })

  it('shows the server 422 message at the field it names', async () => {
    const save = vi.fn(async () => {
      throw new ApiError(422, 'validation_failed', '该信用代码已被另一家企业使用。', 'credit_code', 'req-9')
    })
    const existing = { id: 3, name: '甲', credit_code: code('91330106MA2CFEPP2'), scale: '规上', town_code: '330106009', lon: 120, lat: 30, created_at: '', updated_at: '', version: 1, synthetic: false } as BaseObject
    const wrapper = mountForm(save, existing)
    const other = code('91330106MA2CFEPQ3')
    await fill(wrapper, 'credit_code', other.toLowerCase())
    await wrapper.find('form').trigger('submit')
    await settle()
    // Only the changed field is sent, upper-cased.
    expect(save).toHaveBeenCalledWith({ credit_code: other })
    expect(errorAt(wrapper, 'credit_code')).toBe('该信用代码已被另一家企业使用。')
    expect(wrapper.find('[data-test=form-error]').text()).toContain('该信用代码已被另一家企业使用。')
    wrapper.unmount()
  })

  it('puts an error for a field it does not show above the form', async () => {
    const save = vi.fn(async () => {
      throw new ApiError(403, 'forbidden', '当前角色无权执行此操作。', null)
    })
    const existing = { id: 3, name: '甲', contact_name: '张', contact_phone: '1', created_at: '', updated_at: '', version: 1, synthetic: true } as BaseObject
    const wrapper = mountForm(save, existing, ['contact_name', 'contact_phone'])
    expect(wrapper.findAll('[data-field]').map((w) => w.attributes('data-field'))).toEqual(['contact_name', 'contact_phone'])
    await fill(wrapper, 'contact_name', '李')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(save).toHaveBeenCalledWith({ contact_name: '李' })
    expect(wrapper.find('[data-test=form-error]').text()).toBe('当前角色无权执行此操作。')
    wrapper.unmount()
  })
})

describe('RecordForm and the server permissions', () => {
  async function levelOptions(perms: Permissions): Promise<string[]> {
    const pinia = createPinia()
    setActivePinia(pinia)
    i18n.global.locale.value = 'en'
    useSession().permissions = perms
    const wrapper = mount(RecordForm, {
      props: { spec: KINDS.warehouses, record: null, save: vi.fn() },
      global: { plugins: [pinia, i18n, ElementPlus] },
      attachTo: document.body,
    })
    await wrapper.find('[data-field=level] .el-select__wrapper').trigger('click')
    await settle()
    const items = [...document.body.querySelectorAll('.el-select-dropdown__item')].map((e) => e.textContent?.trim() ?? '')
    wrapper.unmount()
    document.body.innerHTML = ''
    return items
  }

  it('offers only the warehouse levels the role may write', async () => {
    expect(await levelOptions(TOWN_OFFICER)).toEqual(['Town', 'Village'])
    expect(await levelOptions(COMMUNITY_OFFICER)).toEqual(['Village'])
    expect(await levelOptions(DISTRICT_OFFICER)).toEqual(['District', 'Town', 'Village'])
  })
})
