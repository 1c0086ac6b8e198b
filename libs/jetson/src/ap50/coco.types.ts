/** COCO box: top-left x, top-left y, width, height (pixels). */
export type CocoBox = readonly [x: number, y: number, w: number, h: number];

export type CocoImageId = number | string;

export interface CocoImage {
  readonly id: CocoImageId;
}

export interface CocoCategory {
  readonly id: number;
  readonly name: string;
}

export interface CocoAnnotation {
  readonly image_id: CocoImageId;
  readonly category_id: number;
  readonly bbox: CocoBox;
  /** Crowd regions absorb matching detections without counting as TP or FP (as pycocotools does). */
  readonly iscrowd: boolean;
}

export interface CocoGroundTruth {
  readonly images: readonly CocoImage[];
  readonly annotations: readonly CocoAnnotation[];
  readonly categories: readonly CocoCategory[];
}

export interface CocoDetection {
  readonly image_id: CocoImageId;
  readonly category_id: number;
  readonly bbox: CocoBox;
  readonly score: number;
}

export interface Ap50Result {
  /** Mean AP@0.5 over categories that have at least one non-ignored ground-truth box. */
  readonly ap50: number;
  /** Keyed by category name (by `id` as a string when a name is empty). */
  readonly perCategory: Readonly<Record<string, number>>;
}
