import type { FlowDefinitionInput } from '$flow/graph'
import type { paths } from './schema'

// Every shape here is read off the generated `paths` (schema.d.ts): the API's OpenAPI document is
// the contract, and these names only say which part of it a component works with.

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch'
/** The methods `P` has. */
type MethodOf<P extends keyof paths> = {
  [M in Method]-?: paths[P][M] extends undefined ? never : M
}[Method]
type Operation<P extends keyof paths, M extends MethodOf<P>> = NonNullable<paths[P][M]>
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never
type Responses<P extends keyof paths, M extends MethodOf<P>> = Operation<P, M>['responses']

/** What a successful call of `M P` answers. */
export type ResponseOf<P extends keyof paths, M extends MethodOf<P>> = JsonOf<
  Responses<P, M>[Extract<keyof Responses<P, M>, 200 | 201 | 202 | 204>]
>
/** The JSON body `M P` takes. */
export type BodyOf<P extends keyof paths, M extends MethodOf<P>> = JsonOf<
  NonNullable<Operation<P, M>['requestBody']>
>

type Item<T> = T extends { items: (infer I)[] } ? I : never

// ── Staff and channel ───────────────────────────────────────────────────────────────────────

export type AuthState = ResponseOf<'/auth/state', 'get'>
/** What the signed-in staff member may view and edit, per feature (the API's policy). */
export type Abilities = NonNullable<AuthState['abilities']>
export type Feature = keyof Abilities
export type Staff = NonNullable<AuthState['staff']>
/** owner; admin = 副管理者; manager = 運用者; member = 一般. */
export type StaffRole = Staff['role']
export type Channel = ResponseOf<'/channels/default', 'get'>

// ── Friends and messages ────────────────────────────────────────────────────────────────────

export type FriendPage = ResponseOf<'/friends', 'get'>
export type Friend = Item<FriendPage>
export type FriendStatus = Friend['status']
export type MessageRecord = Item<ResponseOf<'/friends/{id}/messages', 'get'>>

export type SimUser = ResponseOf<'/simulator/users', 'post'>
export type SimChatItem = Item<ResponseOf<'/simulator/users/{userId}/chat', 'get'>>
export type SimUserMessage = BodyOf<'/simulator/users/{userId}/messages', 'post'>

// ── Scenarios (flows) ───────────────────────────────────────────────────────────────────────

export type FlowSummary = Item<ResponseOf<'/flows', 'get'>>
export type FlowStatus = FlowSummary['status']
type FlowDetailResponse = ResponseOf<'/flows/{id}', 'get'>
/**
 * The API does not re-validate a stored draft on the way out (its schema says `unknown`); it was
 * validated as a `FlowDefinitionInput` when it was saved.
 */
export type FlowDetail = Omit<FlowDetailResponse, 'draft'> & { draft: FlowDefinitionInput }
/** A validation issue of a draft or a refused publish (`validateFlow`'s errors). */
export type FlowIssue = FlowDetailResponse['issues'][number]
export type PreviewRequest = BodyOf<'/flows/{id}/preview', 'post'>
export type PreviewEvent = NonNullable<PreviewRequest['events']>[number]
export type PreviewEventKind = PreviewEvent['kind']
export type PreviewResult = ResponseOf<'/flows/{id}/preview', 'post'>

export type FlowRun = Item<ResponseOf<'/flows/{id}/runs', 'get'>>
export type RunStatus = FlowRun['status']
export type FlowRunDetail = ResponseOf<'/runs/{id}', 'get'>
export type FlowRunStep = FlowRunDetail['steps'][number]

type FlowVersionResponse = ResponseOf<'/flows/{id}/versions/{version}', 'get'>
/** A published version; like drafts, its definition was validated when it was published. */
export type FlowVersionDetail = Omit<FlowVersionResponse, 'definition'> & { definition: FlowDefinitionInput }
export type FlowMigrationPreview = ResponseOf<'/flows/{id}/migration', 'get'>
export type FlowMigrationResult = ResponseOf<'/flows/{id}/migration', 'post'>
export type MigrationUnmapped = BodyOf<'/flows/{id}/migration', 'post'>['unmapped']

export type Tag = Item<ResponseOf<'/tags', 'get'>>
export type FriendField = Item<ResponseOf<'/fields', 'get'>>

// ── Reminders (リマインダ配信) ─────────────────────────────────────────────────────────────────

export type ReminderSetView = ResponseOf<'/reminders/{id}', 'get'>
export type ReminderSetStatus = ReminderSetView['status']
export type ReminderRun = Item<ResponseOf<'/reminders/{id}/runs', 'get'>>
