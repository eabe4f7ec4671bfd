import { friendOf } from './friends'
import { sendGreeting } from './greeting'
import { recordInbound } from './inbox'
import { blockReminderRuns } from './reminders'
import { blockScenarioRuns, passFriendEvent, startFollowScenarios } from './scenarios'
import type { HandledEventType, LineEventRoute } from './types'

/**
 * What each type of a friend's event does, feature by feature, in order: a feature that reacts to an
 * event (keyword replies, conversation routing, forms, rich menus, …) adds its handler here. The order
 * is part of recorded histories (each handler's activities and signals are workflow commands): append
 * to a type's list, and reorder only behind `patched`.
 */
export const lineEventRoutes: Record<HandledEventType, LineEventRoute> = {
  follow: { friend: friendOf.follow, handlers: [sendGreeting, startFollowScenarios] },
  unfollow: { friend: friendOf.unfollow, handlers: [blockScenarioRuns, blockReminderRuns] },
  message: { friend: friendOf.any, handlers: [recordInbound, passFriendEvent] },
  postback: { friend: friendOf.any, handlers: [recordInbound, passFriendEvent] },
}

export function isHandledEventType(type: string): type is HandledEventType {
  return Object.hasOwn(lineEventRoutes, type)
}
