export { Ap50Error, type Ap50ErrorCode } from './ap50-error.js';
export type {
  Ap50Result,
  CocoAnnotation,
  CocoBox,
  CocoCategory,
  CocoDetection,
  CocoGroundTruth,
  CocoImage,
  CocoImageId,
} from './coco.types.js';
export { boxIou } from './box-iou.util.js';
export { computeAp50, type Ap50Options } from './compute-ap50.js';
export { validateDetections } from './validate-detections.util.js';
export { validateGroundTruth } from './validate-ground-truth.util.js';
