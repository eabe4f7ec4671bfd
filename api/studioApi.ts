import cookie from '@fastify/cookie'
import type { FastifyPluginAsync } from 'fastify'
import { registerSessionGuard } from './auth/guard'
import { auditRoutes } from './routes/audit'
import { authRoutes } from './routes/auth'
import { channelRoutes } from './routes/channels'
import { deliveryRuleRoutes } from './routes/deliveryRules'
import { fieldRoutes } from './routes/fields'
import { flowRoutes } from './routes/flows'
import { friendRoutes } from './routes/friends'
import { notificationRoutes } from './routes/notifications'
import { reminderRoutes } from './routes/reminders'
import { runRoutes } from './routes/runs'
import { settingsRoutes } from './routes/settings'
import { simulatorRoutes } from './routes/simulator'
import { tagRoutes } from './routes/tags'

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
  await app.register(flowRoutes)
  await app.register(runRoutes)
  await app.register(notificationRoutes)
  await app.register(reminderRoutes)
}
