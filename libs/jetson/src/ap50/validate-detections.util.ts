import type { CocoDetection, CocoGroundTruth } from './coco.types.js';
import { CocoReaders, imageKey } from './coco-readers.util.js';

/**
 * Validates a COCO results array. As in pycocotools `loadRes`, a detection on an image missing from the
 * ground truth is an error, while an unknown category is accepted and later ignored.
 */
export function validateDetections(input: unknown, groundTruth: CocoGroundTruth): CocoDetection[] {
  const read = new CocoReaders('INVALID_DETECTIONS');
  const imageKeys = new Set(groundTruth.images.map((image) => imageKey(image.id)));
  return read.array(input, 'detections').map((raw, i): CocoDetection => {
    const path = `detections[${i}]`;
    const record = read.record(raw, path);
    const imageId = read.imageId(record['image_id'], `${path}.image_id`);
    if (!imageKeys.has(imageKey(imageId))) {
      read.fail(`${path}.image_id`, `image ${String(imageId)} is not in the ground truth`, 'UNKNOWN_IMAGE');
    }
    return {
      image_id: imageId,
      category_id: read.integer(record['category_id'], `${path}.category_id`),
      bbox: read.box(record['bbox'], `${path}.bbox`),
      score: read.finite(record['score'], `${path}.score`),
    };
  });
}
