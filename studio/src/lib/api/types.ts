import type { FlowDefinitionInput } from '$flow/graph'
import type { ReminderStep } from '$flow/reminder'

// Shapes of the Enishi API's JSON, as the studio uses them. Kept by hand next to the contract
// until the API publishes its schemas in a form the studio can import.

export interface FieldError {
  path: string
  message: string
}

export interface ApiErrorBody {
  error: { code: string; message: string; fields?: FieldError[] }
}

/** owner; admin = 副管理者; manager = 運用者; member = 一般. */
export type StaffRole = 'owner' | 'admin' | 'manager' | 'member'

export interface Staff {
  id: string
  name: string
  email: string
  role: StaffRole
}

export interface AuthState {
  needsSetup: boolean
  staff: Staff | null
  csrfToken: string | null
}

export interface SignedIn {
  staff: Staff
  csrfToken: string
}

export interface Channel {
  id: string
  name: string
  isSimulator: boolean
  timezone: string
  webhookUrl: string
}

export type FriendStatus = 'following' | 'blocked'

export interface Friend {
  id: string
  lineUserId: string
  displayName: string
  pictureUrl: string | null
  status: FriendStatus
  followedAt: string | null
  blockedAt: string | null
  lastMessageAt: string | null
  createdAt: string
}

export interface FriendDetail extends Friend {
  statusMessage: string | null
  language: string | null
}

export interface Paged<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export interface TextMessage {
  type: 'text'
  text: string
}
export interface StickerMessage {
  type: 'sticker'
  packageId: string
  stickerId: string
}
export interface ImageMessage {
  type: 'image'
  originalContentUrl: string
  previewImageUrl: string
}
/** A LINE message object; only the kinds the studio edits are typed in detail. */
export type LineMessage =
  TextMessage | StickerMessage | ImageMessage | { type: string; [key: string]: unknown }

/** The messages a greeting (and the simulator) can carry. */
export type EditableMessage = TextMessage | StickerMessage | ImageMessage

export interface MessageRecord {
  id: string
  direction: 'inbound' | 'outbound'
  type: string
  /** A LINE message object, or `{data}` for a postback. */
  content: LineMessage | { data: string } | null
  sendMethod: string | null
  origin: string | null
  createdAt: string
}

export interface MessagePage {
  items: MessageRecord[]
  nextBefore: string | null
}

export type FollowState = 'none' | 'following' | 'blocked'

export interface SimUser {
  userId: string
  displayName: string
  pictureUrl: string | null
  statusMessage: string | null
  language: string | null
  followState: FollowState
}

export interface SimChatItem {
  id: string
  direction: 'user' | 'bot'
  at: string
  message: LineMessage
  via?: string
}

export type SimUserMessage = TextMessage | StickerMessage

// ── Scenarios (flows) ────────────────────────────────────────────────────────────────────────

export type { FlowDefinitionInput }

export type FlowStatus = 'draft' | 'active' | 'paused' | 'archived'

export interface FlowSummary {
  id: string
  name: string
  description: string | null
  status: FlowStatus
  latestVersion: number | null
  draftUpdatedAt: string | null
  updatedAt: string
  running: number
  completed: number
  conversions: number
}

/** A validation issue of a draft or a refused publish (`validateFlow`'s errors). */
export interface FlowIssue {
  nodeId?: string
  edgeId?: string
  path?: string
  port?: string
  code: string
  message: { ja: string; en: string }
}

export interface FlowDetail {
  id: string
  name: string
  description: string | null
  status: FlowStatus
  latestVersion: number | null
  draft: FlowDefinitionInput
  draftUpdatedAt: string | null
  versions: { version: number; publishedAt: string }[]
  issues: FlowIssue[]
}

export type PreviewEventKind = 'message' | 'postback' | 'tagAdded' | 'tagRemoved' | (string & {})

export interface PreviewRequest {
  startAt?: string
  friend?: Record<string, unknown>
  events?: { afterMinutes: number; kind: PreviewEventKind; text?: string; data?: string; tagId?: string }[]
  seed?: number
}

export interface PreviewSend {
  at: string | number
  nodeId: string
  messages: Record<string, unknown>[]
}

export interface PreviewResult {
  sends: PreviewSend[]
  trace: unknown[]
  endedWith: unknown
}

export type RunStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled'

export interface FlowRun {
  id: string
  flowId: string
  flowName: string
  friend: { id: string; displayName: string; pictureUrl: string | null }
  version: number
  status: RunStatus
  currentNodeId: string | null
  nextFireAt: string | null
  startedAt: string
  endedAt: string | null
  endReason: string | null
  workflowId: string
}

export interface FlowRunStep {
  at: string
  event: string
  nodeId: string | null
  data: unknown
}

export interface FlowRunDetail extends FlowRun {
  steps: FlowRunStep[]
  temporalUiUrl: string | null
}

// ── Scenario versions and moving running friends ─────────────────────────────────────────────

export interface FlowVersionSummary {
  version: number
  publishedAt: string
  publishedBy: { id: string; name: string } | null
  /** Runs in progress on this version. */
  running: number
}

export interface FlowVersionDetail {
  version: number
  publishedAt: string
  publishedBy: { id: string; name: string } | null
  definition: FlowDefinitionInput
}

export interface FlowMigrationGroup {
  fromVersion: number
  nodeId: string | null
  fromType: string | null
  count: number
  inTarget: boolean
  targetType: string | null
  /** The same-ID node exists in the target and a run can go on there. */
  resumable: boolean
}

export interface FlowMigrationPreview {
  toVersion: number
  latestVersion: number
  total: number
  groups: FlowMigrationGroup[]
  targetNodes: { id: string; type: string; version: number }[]
}

export type MigrationUnmapped = 'end' | 'restart'

export interface FlowMigrationRequest {
  toVersion: number
  mapping?: Record<string, string>
  unmapped: MigrationUnmapped
}

export interface FlowMigrationResult {
  toVersion: number
  runs: number
  signalled: number
  notFound: number
  moved: number
  restarted: number
  ended: number
}

export interface FlowStopResult {
  status: FlowStatus
  runs: number
  signalled: number
  notFound: number
}

export interface Tag {
  id: string
  name: string
  friendCount: number
}

export interface FriendField {
  id: string
  key: string
  name: string
  type: string
  options: string[] | null
}

/* ---- Reminders (リマインダ配信) ---- */

export type ReminderSetStatus = 'active' | 'paused' | 'archived'
export type ReminderRunStatus = 'scheduled' | 'completed' | 'cancelled'

/** A reminder set as the API returns it; the body it accepts is `$flow/reminder`'s `ReminderSetInput`. */
export interface ReminderSetView {
  id: string
  name: string
  status: ReminderSetStatus
  /** `fieldId` is null when the bound field was deleted. */
  target: { kind: 'field'; fieldId: string | null } | { kind: 'start' }
  steps: ReminderStep[]
  /** Reminders waiting for their next step. */
  scheduled: number
  createdAt: string
  updatedAt: string
}

export interface ReminderRun {
  id: string
  setId: string
  friend: { id: string; displayName: string; pictureUrl: string | null }
  status: ReminderRunStatus
  target: string | null
  nextFireAt: string | null
  sentSteps: { stepId: string; at: number; target: number; requestId?: string; error?: string }[]
  skippedSteps: string[]
  origin: string
  endReason: string | null
  workflowId: string
  startedAt: string
  endedAt: string | null
}

/** A staff notification (scenario「スタッフに通知」). */
export interface StaffNotification {
  id: string
  message: string
  email: boolean
  createdAt: string
  readAt: string | null
  friend: { id: string; displayName: string; pictureUrl: string | null } | null
}

export interface NotificationPage extends Paged<StaffNotification> {
  unreadCount: number
}
