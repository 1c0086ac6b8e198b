import type { CocoBox } from './coco.types.js';

/**
 * IoU of two COCO boxes (continuous coordinates, no +1). Against a crowd region the union is the
 * detection's own area, as in pycocotools `bbIou`, so a detection inside a crowd scores 1.
 */
export function boxIou(detection: CocoBox, groundTruth: CocoBox, crowd: boolean): number {
  const [dx, dy, dw, dh] = detection;
  const [gx, gy, gw, gh] = groundTruth;
  const iw = Math.min(dx + dw, gx + gw) - Math.max(dx, gx);
  const ih = Math.min(dy + dh, gy + gh) - Math.max(dy, gy);
  if (iw <= 0 || ih <= 0) return 0;
  const intersection = iw * ih;
  const union = crowd ? dw * dh : dw * dh + gw * gh - intersection;
  return union > 0 ? intersection / union : 0;
}
