import { describe, expect, it } from 'vitest';
import { Ap50Error } from './ap50-error.js';
import { computeAp50 } from './compute-ap50.js';

type Box = [number, number, number, number];

interface GtBox {
  image: number;
  cat?: number;
  bbox: Box;
  crowd?: boolean;
}

interface Det {
  image: number;
  cat?: number;
  bbox: Box;
  score: number;
}

const categories = [
  { id: 1, name: 'person' },
  { id: 2, name: 'car' },
  { id: 3, name: 'dog' },
];

function groundTruth(boxes: GtBox[], imageCount = 2): unknown {
  return {
    images: Array.from({ length: imageCount }, (_, i) => ({ id: i + 1, file_name: `${i + 1}.jpg` })),
    annotations: boxes.map((b, i) => ({
      id: i + 1,
      image_id: b.image,
      category_id: b.cat ?? 1,
      bbox: b.bbox,
      area: b.bbox[2] * b.bbox[3],
      iscrowd: b.crowd === true ? 1 : 0,
    })),
    categories,
  };
}

const detections = (dets: Det[]): unknown =>
  dets.map((d) => ({ image_id: d.image, category_id: d.cat ?? 1, bbox: d.bbox, score: d.score }));

const A: Box = [10, 10, 50, 50];
const B: Box = [100, 100, 40, 80];
const C: Box = [200, 20, 30, 30];
const FAR: Box = [400, 400, 20, 20];

describe('computeAp50', () => {
  it('scores perfect detections as 1', () => {
    // Recall 1/3, 2/3, 1 all at precision 1 → every one of the 101 recall thresholds reads 1.
    const gt = groundTruth([
      { image: 1, bbox: A },
      { image: 1, bbox: B },
      { image: 2, bbox: C },
    ]);
    const dt = detections([
      { image: 1, bbox: A, score: 0.9 },
      { image: 1, bbox: B, score: 0.8 },
      { image: 2, bbox: C, score: 0.7 },
    ]);
    expect(computeAp50(gt, dt)).toEqual({ ap50: 1, perCategory: { person: 1 } });
  });

  it('halves AP when a false positive outranks the only true positive', () => {
    // Ranked: FP (rc 0, pr 0), TP (rc 1, pr 1/2). Envelope lifts pr[0] to 1/2, so all 101 thresholds
    // read 1/2 → AP 0.5.
    const gt = groundTruth([{ image: 1, bbox: A }]);
    const dt = detections([
      { image: 1, bbox: FAR, score: 0.9 },
      { image: 1, bbox: A, score: 0.8 },
    ]);
    expect(computeAp50(gt, dt).ap50).toBeCloseTo(0.5, 12);
  });

  it('caps recall at the share of ground truth found', () => {
    // 1 of 2 GT found at precision 1: thresholds 0.00..0.50 (51 of 101) read 1, the rest 0 → 51/101.
    const gt = groundTruth([
      { image: 1, bbox: A },
      { image: 2, bbox: B },
    ]);
    const dt = detections([{ image: 1, bbox: A, score: 0.6 }]);
    expect(computeAp50(gt, dt).ap50).toBeCloseTo(51 / 101, 12);
  });

  it('averages two categories', () => {
    // person: perfect → 1. car: 1 of 2 found → 51/101. Mean (1 + 51/101) / 2 = 0.752475…
    const gt = groundTruth([
      { image: 1, bbox: A },
      { image: 1, cat: 2, bbox: B },
      { image: 2, cat: 2, bbox: C },
    ]);
    const dt = detections([
      { image: 1, bbox: A, score: 0.9 },
      { image: 2, cat: 2, bbox: C, score: 0.4 },
    ]);
    const result = computeAp50(gt, dt);
    expect(result.perCategory).toEqual({ person: 1, car: 51 / 101 });
    expect(result.ap50).toBeCloseTo((1 + 51 / 101) / 2, 12);
  });

  it('counts a category with ground truth but no detections as 0 in the mean', () => {
    // person 1, car 0 (no detections, every threshold unreachable) → mean 0.5.
    const gt = groundTruth([
      { image: 1, bbox: A },
      { image: 2, cat: 2, bbox: B },
    ]);
    const dt = detections([{ image: 1, bbox: A, score: 0.9 }]);
    expect(computeAp50(gt, dt)).toEqual({ ap50: 0.5, perCategory: { person: 1, car: 0 } });
  });

  it('ignores detections for categories absent from the ground truth', () => {
    // 'dog' (3) is declared without annotations and 99 is not declared: neither enters the mean → 1.
    const gt = groundTruth([{ image: 1, bbox: A }]);
    const dt = detections([
      { image: 1, bbox: A, score: 0.5 },
      { image: 1, cat: 3, bbox: B, score: 0.99 },
      { image: 2, cat: 99, bbox: C, score: 0.98 },
    ]);
    expect(computeAp50(gt, dt)).toEqual({ ap50: 1, perCategory: { person: 1 } });
  });

  it('counts a duplicate detection on one ground truth as a false positive', () => {
    // GTs A, B. Ranked: A (.9) TP → rc .5 pr 1; A dup (.8) FP → rc .5 pr 1/2; B (.7) TP → rc 1 pr 2/3.
    // Envelope: [1, 2/3, 2/3]. Thresholds 0..0.50 (51) read 1, 0.51..1 (50) read 2/3
    // → (51 + 50·2/3) / 101 = 0.834983…
    const gt = groundTruth([
      { image: 1, bbox: A },
      { image: 1, bbox: B },
    ]);
    const dt = detections([
      { image: 1, bbox: A, score: 0.9 },
      { image: 1, bbox: [11, 10, 50, 50], score: 0.8 },
      { image: 1, bbox: B, score: 0.7 },
    ]);
    expect(computeAp50(gt, dt).ap50).toBeCloseTo((51 + (50 * 2) / 3) / 101, 12);
  });

  describe('IoU threshold', () => {
    // GT [0,0,10,10] (area 100) vs detection [0,0,10,h]: IoU = 10h / 100.
    const gt = groundTruth([{ image: 1, bbox: [0, 0, 10, 10] }]);
    const apFor = (h: number): number =>
      computeAp50(gt, detections([{ image: 1, bbox: [0, 0, 10, h], score: 0.9 }])).ap50;

    it('matches just above 0.5 (h = 5.01 → IoU 0.501)', () => expect(apFor(5.01)).toBe(1));
    it('matches at exactly 0.5, as COCO does (h = 5)', () => expect(apFor(5)).toBe(1));
    it('rejects just below 0.5 (h = 4.99 → IoU 0.499)', () => expect(apFor(4.99)).toBe(0));
  });

  it('lets a crowd region absorb detections without penalty', () => {
    // The .9 detection lies inside the crowd region (IoU vs crowd = inter / det area = 1) → ignored.
    // Left: TP at .8 → AP 1. Without crowd handling it would be an FP above the TP → 0.5.
    const gt = groundTruth([
      { image: 1, bbox: A },
      { image: 1, bbox: [300, 300, 200, 200], crowd: true },
    ]);
    const dt = detections([
      { image: 1, bbox: [320, 320, 20, 20], score: 0.9 },
      { image: 1, bbox: A, score: 0.8 },
    ]);
    expect(computeAp50(gt, dt).ap50).toBe(1);
  });

  it('leaves a crowd-only category out of the mean', () => {
    const gt = groundTruth([
      { image: 1, bbox: A },
      { image: 1, cat: 2, bbox: B, crowd: true },
    ]);
    expect(computeAp50(gt, detections([{ image: 1, bbox: A, score: 1 }])).perCategory).toEqual({ person: 1 });
  });

  it('keeps only the top maxDetsPerImage detections per image', () => {
    // With 1 detection per image the TP at .8 is dropped behind the FP at .9 → AP 0.
    const gt = groundTruth([{ image: 1, bbox: A }]);
    const dt = detections([
      { image: 1, bbox: FAR, score: 0.9 },
      { image: 1, bbox: A, score: 0.8 },
    ]);
    expect(computeAp50(gt, dt, { maxDetsPerImage: 1 }).ap50).toBe(0);
  });

  it('ranks detections across images by score', () => {
    // Ranked: img2 FP .95 (rc 0, pr 0), img1 TP .9 (rc .5, pr .5), img2 TP .3 (rc 1, pr 2/3).
    // Envelope [2/3, 2/3, 2/3] → AP 2/3.
    const gt = groundTruth([
      { image: 1, bbox: A },
      { image: 2, bbox: B },
    ]);
    const dt = detections([
      { image: 1, bbox: A, score: 0.9 },
      { image: 2, bbox: B, score: 0.3 },
      { image: 2, bbox: FAR, score: 0.95 },
    ]);
    expect(computeAp50(gt, dt).ap50).toBeCloseTo(2 / 3, 12);
  });
});

describe('computeAp50 input validation', () => {
  const valid = groundTruth([{ image: 1, bbox: A }]);

  const errorOf = (fn: () => unknown): Ap50Error => {
    try {
      fn();
    } catch (error) {
      if (error instanceof Ap50Error) return error;
      throw error;
    }
    throw new Error('expected an Ap50Error');
  };

  it.each([
    ['a non-object', null, 'INVALID_GROUND_TRUTH', 'groundTruth'],
    ['missing images', { annotations: [], categories: [] }, 'INVALID_GROUND_TRUTH', 'images'],
    [
      'a bad bbox',
      { images: [{ id: 1 }], categories, annotations: [{ image_id: 1, category_id: 1, bbox: [0, 0, 1] }] },
      'INVALID_GROUND_TRUTH',
      'annotations[0].bbox',
    ],
    [
      'an unknown annotation image',
      { images: [{ id: 1 }], categories, annotations: [{ image_id: 7, category_id: 1, bbox: A }] },
      'UNKNOWN_IMAGE',
      'annotations[0].image_id',
    ],
    [
      'an undeclared annotation category',
      { images: [{ id: 1 }], categories, annotations: [{ image_id: 1, category_id: 9, bbox: A }] },
      'UNKNOWN_CATEGORY',
      'annotations[0].category_id',
    ],
    [
      'a duplicate image id',
      { images: [{ id: 1 }, { id: 1 }], categories, annotations: [] },
      'DUPLICATE_ID',
      'images[1].id',
    ],
  ])('rejects ground truth with %s', (_, input, code, path) => {
    const error = errorOf(() => computeAp50(input, []));
    expect(error.code).toBe(code);
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
  });

  it.each([
    ['a non-array', {}, 'INVALID_DETECTIONS', 'detections'],
    [
      'a NaN score',
      [{ image_id: 1, category_id: 1, bbox: A, score: Number.NaN }],
      'INVALID_DETECTIONS',
      'detections[0].score',
    ],
    [
      'a negative width',
      [
        { image_id: 1, category_id: 1, bbox: A, score: 1 },
        { image_id: 1, category_id: 1, bbox: [0, 0, -1, 2], score: 1 },
      ],
      'INVALID_DETECTIONS',
      'detections[1].bbox',
    ],
    [
      'a string coordinate',
      [{ image_id: 1, category_id: 1, bbox: [0, '0', 1, 1], score: 1 }],
      'INVALID_DETECTIONS',
      'detections[0].bbox[1]',
    ],
    [
      'an image outside the ground truth',
      [{ image_id: 5, category_id: 1, bbox: A, score: 1 }],
      'UNKNOWN_IMAGE',
      'detections[0].image_id',
    ],
  ])('rejects detections with %s', (_, input, code, path) => {
    const error = errorOf(() => computeAp50(valid, input));
    expect(error.code).toBe(code);
    expect(error.path).toBe(path);
  });

  it('refuses a ground truth without any countable box', () => {
    expect(errorOf(() => computeAp50(groundTruth([]), [])).code).toBe('NO_GROUND_TRUTH');
  });
});

describe('computeAp50 tie-breaking', () => {
  it('breaks score ties across images in ascending image-id order, as pycocotools does', () => {
    // Images listed as [2, 1]. Equal scores: image 1's FP ranks before image 2's TP (sorted ids, stable sort).
    // Ranked: FP (rc 0, pr 0), TP (rc 1, pr 1/2) → envelope 1/2 everywhere → AP 0.5.
    // Walking images in listed order would rank the TP first → AP 1.
    const gt = {
      images: [{ id: 2 }, { id: 1 }],
      categories,
      annotations: [{ image_id: 2, category_id: 1, bbox: A }],
    };
    const dt = detections([
      { image: 2, bbox: A, score: 0.5 },
      { image: 1, bbox: FAR, score: 0.5 },
    ]);
    expect(computeAp50(gt, dt).ap50).toBeCloseTo(0.5, 12);
  });
});
