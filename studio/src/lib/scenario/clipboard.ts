import { newId, type StepEdge, type StepNode } from './graph'

/**
 * The editor's own clipboard: the selected steps and the edges between them. Each paste gets new
 * IDs and lands a step further down and to the right, selected, so the copies are moved together.
 */
export class GraphClipboard {
  #nodes: StepNode[] = []
  #edges: StepEdge[] = []

  /** Keeps the selected nodes (nothing selected: the clipboard stays as it was). */
  copy(nodes: readonly StepNode[], edges: readonly StepEdge[]) {
    const picked = nodes.filter((n) => n.selected)
    if (!picked.length) return
    const ids = new Set(picked.map((n) => n.id))
    this.#nodes = picked.map((n) => ({
      id: n.id,
      type: 'step',
      position: { ...n.position },
      data: structuredClone(n.data),
    }))
    this.#edges = edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ ...e }))
  }

  /** The graph with a copy of the clipboard added (and selected), or `null` when it is empty. */
  paste(
    nodes: readonly StepNode[],
    edges: readonly StepEdge[],
  ): { nodes: StepNode[]; edges: StepEdge[] } | null {
    if (!this.#nodes.length) return null
    const ids = new Map(this.#nodes.map((n) => [n.id, newId('n')]))
    const pasted: StepNode[] = this.#nodes.map((n) => ({
      id: ids.get(n.id)!,
      type: 'step',
      selected: true,
      position: { x: n.position.x + 40, y: n.position.y + 40 },
      data: structuredClone(n.data),
    }))
    const pastedEdges: StepEdge[] = this.#edges.map((e) => ({
      id: newId('e'),
      source: ids.get(e.source)!,
      target: ids.get(e.target)!,
      sourceHandle: e.sourceHandle,
    }))
    // The next paste lands a step further.
    this.#nodes = pasted.map((n) => ({ ...n, selected: false }))
    this.#edges = pastedEdges
    return {
      nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted],
      edges: [...edges, ...pastedEdges],
    }
  }
}
