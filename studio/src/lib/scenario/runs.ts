import { findSpec } from '$flow/registry'
import type { I18n } from '$lib/i18n'

/** A run's node as the marketer knows it: the step type's name and the node ID, e.g. "待つ (n1a2)". */
export function nodeLabel(
  definition: { nodes: readonly { id: string; type: string; version: number }[] } | undefined,
  nodeId: string | null,
  i18n: I18n,
): string {
  if (!nodeId) return i18n.t('common.none')
  const node = definition?.nodes.find((n) => n.id === nodeId)
  const spec = node ? findSpec(node.type, node.version) : undefined
  return spec ? `${spec.label[i18n.lang]} (${nodeId})` : nodeId
}
