/** Event names carried over Redis so that every API replica's subscribers see every event. */
export const EventTopic = {
  DeviceStatusChanged: 'device-status-changed',
  AlertRaised: 'alert-raised',
  AlertUpdated: 'alert-updated',
  BuildProgress: 'build-progress',
  RolloutProgress: 'rollout-progress',
} as const;
export type EventTopic = (typeof EventTopic)[keyof typeof EventTopic];
