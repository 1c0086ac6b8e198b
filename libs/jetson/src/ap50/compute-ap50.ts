import { Ap50Error } from './ap50-error.js';
import type { Ap50Result, CocoAnnotation, CocoDetection, CocoImageId } from './coco.types.js';
import { boxIou } from './box-iou.util.js';
import { imageKey } from './coco-readers.util.js';
import { validateDetections } from './validate-detections.util.js';
import { validateGroundTruth } from './validate-ground-truth.util.js';

export interface Ap50Options {
  /** Detections kept per image and category, highest scores first (COCO `maxDets`, default 100). */
  readonly maxDetsPerImage?: number;
}

const IOU_THRESHOLD = 0.5;

// numpy.linspace(0, 1, 101) yields i * 0.01 (not i / 100); the difference decides edge recalls like 0.07.
const RECALL_THRESHOLDS = Array.from({ length: 101 }, (_, i) => (i === 100 ? 1 : i * 0.01));

interface ScoredMatch {
  readonly score: number;
  readonly truePositive: boolean;
}

/**
 * COCO-style AP at IoU 0.5 (pycocotools semantics for iouThrs=[0.5], areaRng=all): greedy matching per image
 * and category by descending score, crowd regions absorb detections without penalty, 101-point interpolated
 * precision, mean over categories with at least one non-crowd ground-truth box.
 */
export function computeAp50(
  groundTruthInput: unknown,
  detectionsInput: unknown,
  options: Ap50Options = {},
): Ap50Result {
  const groundTruth = validateGroundTruth(groundTruthInput);
  const detections = validateDetections(detectionsInput, groundTruth);
  const maxDets = options.maxDetsPerImage ?? 100;

  // pycocotools walks images in sorted-id order; with tied scores that order decides the ranking.
  const imageOrder = [...groundTruth.images].sort((a, b) => compareImageIds(a.id, b.id));
  const gtsByCategory = groupBy(groundTruth.annotations, (a) => a.category_id);
  const dtsByCategory = groupBy(detections, (d) => d.category_id);
  const perCategory: Record<string, number> = {};
  const aps: number[] = [];
  for (const category of groundTruth.categories) {
    const gts = gtsByCategory.get(category.id) ?? [];
    const positives = gts.filter((a) => !a.iscrowd).length;
    if (positives === 0) continue;
    const gtsByImage = groupBy(gts, (a) => imageKey(a.image_id));
    const dtsByImage = groupBy(dtsByCategory.get(category.id) ?? [], (d) => imageKey(d.image_id));
    const matches = imageOrder.flatMap((image) => {
      const key = imageKey(image.id);
      return matchImage(gtsByImage.get(key) ?? [], dtsByImage.get(key) ?? [], maxDets);
    });
    const ap = averagePrecision(matches, positives);
    perCategory[category.name === '' ? String(category.id) : category.name] = ap;
    aps.push(ap);
  }

  if (aps.length === 0) {
    throw new Ap50Error('NO_GROUND_TRUTH', 'annotations', 'no category has a non-crowd ground-truth box');
  }
  return { ap50: aps.reduce((sum, ap) => sum + ap, 0) / aps.length, perCategory };
}

function compareImageIds(a: CocoImageId, b: CocoImageId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

function matchImage(gts: readonly CocoAnnotation[], dts: readonly CocoDetection[], maxDets: number): ScoredMatch[] {
  // Stable sorts, like pycocotools' mergesort: non-crowd GTs first, then detections by descending score.
  const sortedGts = [...gts].sort((a, b) => Number(a.iscrowd) - Number(b.iscrowd));
  const sortedDts = [...dts].sort((a, b) => b.score - a.score).slice(0, maxDets);
  const taken = sortedGts.map(() => false);
  const matches: ScoredMatch[] = [];
  for (const dt of sortedDts) {
    let best = -1;
    let bestIou = Math.min(IOU_THRESHOLD, 1 - 1e-10);
    sortedGts.forEach((gt, g) => {
      if (taken[g] && !gt.iscrowd) return;
      if (best > -1 && !sortedGts[best]?.iscrowd && gt.iscrowd) return;
      const iou = boxIou(dt.bbox, gt.bbox, gt.iscrowd);
      if (iou < bestIou) return;
      bestIou = iou;
      best = g;
    });
    const matched = sortedGts[best];
    if (matched === undefined) {
      matches.push({ score: dt.score, truePositive: false });
      continue;
    }
    taken[best] = true;
    // A detection matched to a crowd region is ignored: neither a true nor a false positive.
    if (!matched.iscrowd) matches.push({ score: dt.score, truePositive: true });
  }
  return matches;
}

function averagePrecision(matches: readonly ScoredMatch[], positives: number): number {
  const ranked = [...matches].sort((a, b) => b.score - a.score);
  const recall: number[] = [];
  const precision: number[] = [];
  let tp = 0;
  ranked.forEach((m, i) => {
    if (m.truePositive) tp += 1;
    recall.push(tp / positives);
    precision.push(tp / (i + 1));
  });
  for (let i = precision.length - 1; i > 0; i -= 1) {
    precision[i - 1] = Math.max(precision[i - 1] ?? 0, precision[i] ?? 0);
  }
  let sum = 0;
  for (const threshold of RECALL_THRESHOLDS) {
    const index = recall.findIndex((r) => r >= threshold);
    if (index >= 0) sum += precision[index] ?? 0;
  }
  return sum / RECALL_THRESHOLDS.length;
}
