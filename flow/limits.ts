/**
 * Lengths of what staff type, in one place: the API's schemas enforce them and the studio's inputs
 * stop at them (`$flow/limits`). LINE's own message limits are in lineLimits.ts.
 */

export const flowNameMaxLength = 80
export const flowDescriptionMaxLength = 500
export const reminderSetNameMaxLength = 100
export const tagNameMaxLength = 50
export const fieldNameMaxLength = 50
export const staffNameMaxLength = 50
export const passwordMinLength = 10
/** The preview's made-up friend. */
export const previewDisplayNameMaxLength = 100
/** A simulated LINE user (LINE's own display-name limit). */
export const simUserNameMaxLength = 20
