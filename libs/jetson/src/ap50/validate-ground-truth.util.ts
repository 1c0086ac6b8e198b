import type { CocoAnnotation, CocoCategory, CocoGroundTruth, CocoImage } from './coco.types.js';
import { CocoReaders, imageKey } from './coco-readers.util.js';

/** Validates COCO ground truth (`images`, `annotations`, `categories`); throws `Ap50Error` on the first bad field. */
export function validateGroundTruth(input: unknown): CocoGroundTruth {
  const read = new CocoReaders('INVALID_GROUND_TRUTH');
  const root = read.record(input, 'groundTruth');

  const imageKeys = new Set<string>();
  const images = read.array(root['images'], 'images').map((raw, i): CocoImage => {
    const path = `images[${i}]`;
    const id = read.imageId(read.record(raw, path)['id'], `${path}.id`);
    if (imageKeys.has(imageKey(id))) read.fail(`${path}.id`, `duplicate image id ${String(id)}`, 'DUPLICATE_ID');
    imageKeys.add(imageKey(id));
    return { id };
  });

  const categoryIds = new Set<number>();
  const categoryNames = new Set<string>();
  const categories = read.array(root['categories'], 'categories').map((raw, i): CocoCategory => {
    const path = `categories[${i}]`;
    const record = read.record(raw, path);
    const id = read.integer(record['id'], `${path}.id`);
    const name = record['name'] ?? '';
    if (typeof name !== 'string') return read.fail(`${path}.name`, 'must be a string');
    if (categoryIds.has(id)) read.fail(`${path}.id`, `duplicate category id ${id}`, 'DUPLICATE_ID');
    if (name !== '' && categoryNames.has(name)) {
      read.fail(`${path}.name`, `duplicate category name "${name}"`, 'DUPLICATE_ID');
    }
    categoryIds.add(id);
    categoryNames.add(name);
    return { id, name };
  });

  const annotations = read.array(root['annotations'], 'annotations').map((raw, i): CocoAnnotation => {
    const path = `annotations[${i}]`;
    const record = read.record(raw, path);
    const imageId = read.imageId(record['image_id'], `${path}.image_id`);
    if (!imageKeys.has(imageKey(imageId))) {
      read.fail(`${path}.image_id`, `image ${String(imageId)} is not in images`, 'UNKNOWN_IMAGE');
    }
    const categoryId = read.integer(record['category_id'], `${path}.category_id`);
    if (!categoryIds.has(categoryId)) {
      read.fail(`${path}.category_id`, `category ${categoryId} is not in categories`, 'UNKNOWN_CATEGORY');
    }
    return {
      image_id: imageId,
      category_id: categoryId,
      bbox: read.box(record['bbox'], `${path}.bbox`),
      iscrowd: read.crowd(record['iscrowd'], `${path}.iscrowd`),
    };
  });

  return { images, annotations, categories };
}
