import type { ModuleFamily } from './module-family.constant.js';

/** `/proc/device-tree/model` patterns (reference §1.2), most specific first. */
export const MODEL_PATTERNS: readonly { pattern: RegExp; family: ModuleFamily }[] = [
  { pattern: /\bthor\b/i, family: 'agx-thor' },
  { pattern: /orin[\s_-]*nano/i, family: 'orin-nano' },
  { pattern: /orin[\s_-]*nx/i, family: 'orin-nx' },
  // JetPack 5.0 DP named the AGX Orin devkit "NVIDIA Orin Jetson-Small Developer Kit".
  { pattern: /agx[\s_-]*orin|orin jetson-small/i, family: 'agx-orin' },
  { pattern: /xavier[\s_-]*nx/i, family: 'xavier-nx' },
  { pattern: /xavier/i, family: 'agx-xavier' },
  { pattern: /\btx2\b|^quill$/i, family: 'tx2' },
  { pattern: /\bnano\b|^jetson-nano$/i, family: 'nano' },
];
