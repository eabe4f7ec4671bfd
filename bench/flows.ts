import { validateFlow, type FlowDefinitionInput, type FlowEdge, type FlowNode } from '../flow/graph'
import { latestSpec } from '../flow/registry'

/** Flow definitions for the benchmarks, built from the registered node specs and checked like a publish. */
export class FlowBuilder {
  readonly nodes: FlowNode[] = []
  readonly edges: FlowEdge[] = []

  node(id: string, type: string, params: unknown, x: number, y: number): this {
    const spec = latestSpec(type)
    if (!spec) throw new Error(`${type} is not registered`)
    this.nodes.push({ id, type, version: spec.version, params, position: { x, y } })
    return this
  }

  edge(source: string, target: string, sourcePort = 'next'): this {
    this.edges.push({ id: `e-${source}-${sourcePort}`, source, sourcePort, target })
    return this
  }

  /** The definition; throws on anything `validateFlow` would refuse at publish. */
  build(): FlowDefinitionInput {
    const definition = { nodes: this.nodes, edges: this.edges, settings: { reentry: 'once' as const } }
    const { errors } = validateFlow(definition)
    if (errors.length) throw new Error(`invalid bench flow: ${JSON.stringify(errors[0])}`)
    return definition
  }
}

export const textMessage = (text: string) => ({ messages: [{ type: 'text', text }] })
