import cookie from '@fastify/cookie'
import type { FastifyPluginAsync } from 'fastify'
import { registerSessionGuard } from './auth/guard'
import { authRoutes } from './auth/routes'
import { auditRoutes } from './audit/routes'
import { channelRoutes } from './channels/routes'
import { fieldRoutes } from './fields/routes'
import { friendRoutes } from './friends/routes'
import { notificationRoutes } from './notifications/routes'
import { reminderRoutes } from './reminders/routes'
import { flowRoutes } from './scenarios/routes'
import { runRoutes } from './scenarios/runRoutes'
import { flowVersionRoutes } from './scenarios/versionRoutes'
import { deliveryRuleRoutes } from './settings/deliveryRoutes'
import { settingsRoutes } from './settings/routes'
import { simulatorRoutes } from './simulator/routes'
import { tagRoutes } from './tags/routes'

/**
 * The studio's JSON API (mounted under /api). Every route here needs a signed-in staff member
 * and, when it changes state, the session's CSRF token, unless it is marked `public`.
 */
export const studioApi: FastifyPluginAsync = async (app) => {
  await app.register(cookie)
  registerSessionGuard(app)

  await app.register(authRoutes)
  await app.register(channelRoutes)
  await app.register(friendRoutes)
  await app.register(settingsRoutes)
  await app.register(simulatorRoutes)
  await app.register(auditRoutes)
  await app.register(tagRoutes)
  await app.register(fieldRoutes)
  await app.register(deliveryRuleRoutes)
  await app.register(flowVersionRoutes)
  await app.register(flowRoutes)
  await app.register(runRoutes)
  await app.register(notificationRoutes)
  await app.register(reminderRoutes)
}
