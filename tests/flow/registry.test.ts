import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { findSpec, latestSpec, nodeSpecs, paletteSpecs } from '../../flow/registry'
import { isTriggerType } from '../../flow/flowIndex'
import { nodeRunners, findRunner } from '../../flow/runners'
import { nodeCategories, portsOf, summaryOf } from '../../flow/spec'

/** Valid params for every node type: the palette defaults where they are complete, else these. */
const samples: Record<string, unknown> = {
  'trigger.tagAdded': { tagId: 'vip' },
  'trigger.keyword': { mode: 'contains', value: '予約' },
  'trigger.postback': { data: 'menu=1' },
  'action.tags': { add: ['vip'] },
  'action.fields': { changes: [{ key: 'memo', op: 'set', value: 'x' }] },
  'action.startScenario': { flowId: 'f2' },
  goal: { name: '購入' },
  branch: { branches: [{ id: 'b1', when: { kind: 'tag', tagId: 'vip' } }] },
}

function jsonSchemaKeys(schema: unknown, out = new Set<string>()): Set<string> {
  if (!schema || typeof schema !== 'object') return out
  const s = schema as Record<string, unknown>
  if (s.properties && typeof s.properties === 'object') {
    for (const [k, v] of Object.entries(s.properties)) {
      out.add(k)
      for (const inner of jsonSchemaKeys(v)) out.add(`${k}.${inner}`)
    }
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(s[key])) for (const sub of s[key] as unknown[]) jsonSchemaKeys(sub, out)
  }
  return out
}

describe('node registry', () => {
  it('lists every node type of the issue, once per version, each with a run step', () => {
    const types = nodeSpecs.map((s) => `${s.type}@${s.version}`)
    expect(new Set(types).size).toBe(types.length)
    expect(nodeSpecs.map((s) => s.type).sort()).toEqual(
      [
        'trigger.follow',
        'trigger.tagAdded',
        'trigger.keyword',
        'trigger.postback',
        'trigger.manual',
        'trigger.api',
        'trigger.scenario',
        'message',
        'wait',
        'branch',
        'waitForEvent',
        'split',
        'action.tags',
        'action.fields',
        'action.startScenario',
        'action.stopScenario',
        'action.notifyStaff',
        'action.markAttention',
        'goal',
        'end',
      ].sort(),
    )
    expect(nodeRunners.map((r) => `${r.type}@${r.version}`).sort()).toEqual([...types].sort())
    // The runtime tells triggers by name (it loads no specs).
    for (const s of nodeSpecs) expect(isTriggerType(s.type)).toBe(s.category === 'trigger')
    for (const r of nodeRunners) expect(!!r.triggerMatches).toBe(isTriggerType(r.type))
    expect(findSpec('wait', 2)).toBeUndefined()
    expect(findRunner('wait', 1)).toBeDefined()
    expect(latestSpec('wait')?.version).toBe(1)
  })

  it('describes each type completely enough for the studio to draw it', () => {
    const categories = nodeCategories.map((c) => c.id)
    for (const spec of nodeSpecs) {
      const name = spec.type
      expect(spec.label.ja && spec.label.en, name).toBeTruthy()
      expect(spec.description.ja && spec.description.en, name).toBeTruthy()
      expect(spec.icon.length, name).toBeGreaterThan(0)
      expect(categories, name).toContain(spec.category)
      const params = samples[name] ?? spec.defaults
      const parsed = spec.params.safeParse(params)
      expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true)
      const ports = portsOf(spec, params)
      expect(new Set(ports.map((p) => p.id)).size, name).toBe(ports.length)
      for (const port of ports) expect(port.label.ja && port.label.en, `${name}.${port.id}`).toBeTruthy()
      for (const lang of ['ja', 'en'] as const)
        expect(summaryOf(spec, params, lang).length, name).toBeGreaterThan(0)
      expect(summaryOf(spec, { nonsense: true }, 'ja')).toBe('設定が未完了です')
    }
  })

  it('has inspector hints that point at real parameters, and JSON-schema-able params', () => {
    for (const spec of nodeSpecs) {
      const keys = jsonSchemaKeys(z.toJSONSchema(spec.params, { unrepresentable: 'any', io: 'input' }))
      for (const hint of spec.fields) {
        expect(keys.has(hint.path), `${spec.type}: hint ${hint.path} not in ${[...keys].join(', ')}`).toBe(
          true,
        )
        expect(hint.label.ja && hint.label.en).toBeTruthy()
        if (hint.widget === 'select' || hint.widget === 'radio')
          expect(hint.options?.length).toBeGreaterThan(1)
      }
    }
  })

  it('offers a palette: newest version per type, grouped by category in order', () => {
    const palette = paletteSpecs()
    expect(palette.map((g) => g.category)).toEqual(['trigger', 'message', 'timing', 'logic', 'action', 'end'])
    expect(palette.find((g) => g.category === 'trigger')!.specs).toHaveLength(7)
    expect(palette.flatMap((g) => g.specs)).toHaveLength(20)
  })

  it('gives best-effort ports for params being edited', () => {
    const branch = findSpec('branch', 1)!
    // The condition is unfinished, but the branch IDs are known: edges keep their ports.
    expect(portsOf(branch, { branches: [{ id: 'x', when: { kind: 'tag' } }] }).map((p) => p.id)).toEqual([
      'x',
      'else',
    ])
    expect(portsOf(branch, 'garbage').map((p) => p.id)).toEqual(['b1', 'else'])
  })
})
