import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common'

/** Custom search attributes: every run can be found by channel, friend and flow. */
export const ChannelIdKey = defineSearchAttributeKey('ChannelId', SearchAttributeType.KEYWORD)
export const FriendIdKey = defineSearchAttributeKey('FriendId', SearchAttributeType.KEYWORD)
export const FlowIdKey = defineSearchAttributeKey('FlowId', SearchAttributeType.KEYWORD)
export const FlowVersionKey = defineSearchAttributeKey('FlowVersion', SearchAttributeType.INT)

export const searchAttributeKeys = [ChannelIdKey, FriendIdKey, FlowIdKey, FlowVersionKey]
