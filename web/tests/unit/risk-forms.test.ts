import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick, type Component } from 'vue'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import MajorHazardForm from '@/components/risk/MajorHazardForm.vue'
import AccidentGradeForm from '@/components/risk/AccidentGradeForm.vue'
import LecForm from '@/components/risk/LecForm.vue'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}
const invalid = (field: string, message: string) => json({ error: { code: 'validation_failed', field, message } }, 422)

function mountForm(component: Component) {
  i18n.global.locale.value = 'zh-CN'
  return mount(component, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
}

/** Lets promises run and waits out Element Plus's 100 ms debounce of error display. */
async function settle() {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 150))
  await nextTick()
}

async function type(w: VueWrapper, selector: string, value: string) {
  const input = w.find(`${selector} input`)
  await input.setValue(value)
  await input.trigger('change')
}

const errorAt = (w: VueWrapper, field: string) => w.find(`[data-field="${field}"] .el-form-item__error`).text()
const sentBody = (fetch: ReturnType<typeof vi.spyOn>) => JSON.parse(String((fetch.mock.calls[0][1] as RequestInit).body))

afterEach(() => {
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

describe('the major hazard form', () => {
  it("shows the server's 422 beside the form row it names, counting only the rows sent", async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(invalid('substances[1].name', '不是 GB 18218 表1 中的危险化学品：氯气X。'))
    const w = mountForm(MajorHazardForm)
    await w.find('[data-test=mh-add]').trigger('click')
    await w.find('[data-test=mh-add]').trigger('click')
    await type(w, '[data-test=mh-row-0] [data-field="rows.0.substance"]', '氯')
    await type(w, '[data-test=mh-row-0] [data-field="rows.0.quantity_t"]', '5')
    // Row 1 stays blank; row 2 is the second substance sent.
    await type(w, '[data-test=mh-row-2] [data-field="rows.2.substance"]', '氯气X')
    await type(w, '[data-test=mh-row-2] [data-field="rows.2.quantity_t"]', '1')
    await type(w, '[data-field=people_within_500m]', '0')
    await w.find('form').trigger('submit')
    await settle()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(String(fetch.mock.calls[0][0])).toBe('/api/v1/calc/major-hazard')
    expect(sentBody(fetch)).toEqual({ substances: [{ name: '氯', quantity_t: 5 }, { name: '氯气X', quantity_t: 1 }], people_within_500m: 0 })
    expect(errorAt(w, 'rows.2.substance')).toContain('氯气X')
    expect(w.find('[data-field="rows.0.substance"] .el-form-item__error').exists()).toBe(false)
    expect(w.find('[data-test=form-error]').exists()).toBe(false)
    w.unmount()
  })

  it('shows the result: S, whether it is a major hazard, α, R, the grade and every term', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      // The server's answer for 5 t of chlorine with nobody within 500 m.
      json({
        S: 1, is_major_hazard: true, alpha: 0.5, R: 2, grade: 4, grade_name: '四级',
        terms: [{ substance: '氯', table1_seq: 12, hazard_classes: [], class_defaulted: false, q: 5, Q: 5, beta: 4, ratio: 1, Q_source: 'table1', beta_source: 'table3' }],
      }),
    )
    const w = mountForm(MajorHazardForm)
    await type(w, '[data-field="rows.0.substance"]', '氯')
    await type(w, '[data-field="rows.0.quantity_t"]', '5')
    await type(w, '[data-field=people_within_500m]', '0')
    await w.find('form').trigger('submit')
    await settle()
    expect(w.find('[data-test=mh-S]').text()).toBe('1')
    expect(w.find('[data-test=mh-major]').text()).toBe('构成重大危险源')
    expect(w.find('[data-test=mh-alpha]').text()).toBe('0.5')
    expect(w.find('[data-test=mh-R]').text()).toBe('2')
    expect(w.find('[data-test=mh-grade]').text()).toBe('四级')
    const cells = w.findAll('[data-test=mh-terms] .el-table__body td').map((c) => c.text().replace(/\s+/g, ' '))
    expect(cells).toEqual(['氯 表1 第 12 项', '', '5', '5 表1', '4 表3', '1'])
    // A changed input drops the result it no longer belongs to.
    await type(w, '[data-field="rows.0.quantity_t"]', '6')
    expect(w.find('[data-test=mh-result]').exists()).toBe(false)
    w.unmount()
  })

  it('asks for what is missing before sending anything', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch')
    const w = mountForm(MajorHazardForm)
    await w.find('form').trigger('submit')
    await settle()
    expect(fetch).not.toHaveBeenCalled()
    expect(errorAt(w, 'substances')).toBe('请至少填写一种危险化学品')
    expect(errorAt(w, 'people_within_500m')).toBe('此项必填')
    await type(w, '[data-field="rows.0.quantity_t"]', '5')
    await w.find('form').trigger('submit')
    await settle()
    expect(errorAt(w, 'rows.0.substance')).toBe('请填写名称或 CAS 号，或选择危险性类别')
    expect(fetch).not.toHaveBeenCalled()
    w.unmount()
  })
})

describe('the major hazard form, classes', () => {
  it('sends several classes as a list and shows a 422 on hazard_class beside the class input', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(invalid('substances[0].hazard_class', '汽油的危险性类别不唯一，请给出 hazard_class。'))
    const w = mountForm(MajorHazardForm)
    await type(w, '[data-field="rows.0.substance"]', '汽油')
    await type(w, '[data-field="rows.0.table1_seq"]', '66')
    await type(w, '[data-field="rows.0.quantity_t"]', '200')
    await type(w, '[data-field=people_within_500m]', '120')
    await w.find('[data-field="rows.0.hazard_class"] .el-select__wrapper').trigger('click')
    await settle()
    for (const code of ['W5.1', 'J2']) {
      const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((o) => o.textContent?.trim() === code)
      option!.click()
      await nextTick()
    }
    await w.find('form').trigger('submit')
    await settle()
    expect(sentBody(fetch)).toEqual({ substances: [{ name: '汽油', table1_seq: 66, hazard_class: ['W5.1', 'J2'], quantity_t: 200 }], people_within_500m: 120 })
    expect(errorAt(w, 'rows.0.hazard_class')).toContain('危险性类别不唯一')
    expect(w.find('[data-field="rows.0.substance"] .el-form-item__error').exists()).toBe(false)
    w.unmount()
  })
})

describe('the accident grade form', () => {
  it('sends a loss entered in 万元 in 元, and shows the grade', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(json({ grade: '较大', criteria: { deaths: '一般', serious_injuries: '一般', direct_loss_yuan: '较大' } }))
    const w = mountForm(AccidentGradeForm)
    await type(w, '[data-field=deaths]', '0')
    await type(w, '[data-field=serious_injuries]', '0')
    await type(w, '[data-field=loss]', '1000')
    expect(w.find('[data-test=loss-yuan]').text()).toBe('即 10,000,000 元')
    await w.find('form').trigger('submit')
    await settle()
    expect(sentBody(fetch)).toEqual({ deaths: 0, serious_injuries: 0, direct_loss_yuan: 10_000_000 })
    expect(w.find('[data-test=accident-grade]').text()).toBe('较大事故')
    expect(w.find('[data-test=criterion-direct_loss_yuan]').text()).toBe('较大事故')
    expect(w.find('[data-test=criterion-deaths]').text()).toBe('一般事故')
    expect(w.find('[data-test=accident-rule]').text()).toContain('“以上”包括本数')
    w.unmount()
  })

  it('keeps the amount when the unit changes, and shows a 422 on direct_loss_yuan at the loss', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(invalid('direct_loss_yuan', '直接经济损失不能为负数。'))
    const w = mountForm(AccidentGradeForm)
    await type(w, '[data-field=deaths]', '1')
    await type(w, '[data-field=serious_injuries]', '0')
    await type(w, '[data-field=loss]', '-2.5')
    await w.find('[data-test=unit-yuan] input').setValue(true)
    await nextTick()
    expect((w.find('[data-field=loss] input').element as HTMLInputElement).value).toBe('-25000')
    await w.find('form').trigger('submit')
    await settle()
    expect(sentBody(fetch)).toEqual({ deaths: 1, serious_injuries: 0, direct_loss_yuan: -25_000 })
    expect(errorAt(w, 'loss')).toBe('直接经济损失不能为负数。')
    w.unmount()
  })
})

describe('the LEC form', () => {
  it('offers the published values with their words and requires all three', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch')
    const w = mountForm(LecForm)
    await w.find('form').trigger('submit')
    await settle()
    expect(fetch).not.toHaveBeenCalled()
    for (const f of ['L', 'E', 'C']) expect(errorAt(w, f)).toBe('此项必填')
    await w.find('[data-field=C] .el-select__wrapper').trigger('click')
    await settle()
    const options = [...document.querySelectorAll('.el-select-dropdown__item')].map((o) => o.textContent?.trim())
    expect(options).toEqual(expect.arrayContaining(['7 — 严重，重伤', '100 — 大灾难，许多人死亡']))
    w.unmount()
  })
})
