/**
 * A container image reference split as the container runtime reads it:
 * `[registry[:port]/]path[:tag][@digest]`.
 */
export interface ImageReference {
  /** Everything before the tag and digest: `registry:5000/team/app`. */
  name: string;
  /** Absent when the reference names none (the runtime then pulls `latest`). */
  tag?: string;
  /** `sha256:…`, absent when the reference pins none. */
  digest?: string;
}

/**
 * Splits an image reference. A tag is the part after the last `:` of the last path segment, so the
 * port of a registry (`registry:5000/app`) is not mistaken for one; a digest follows `@`.
 */
export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : '';
  const withTag = at >= 0 ? image.slice(0, at) : image;
  const colon = withTag.lastIndexOf(':');
  const hasTag = colon > withTag.lastIndexOf('/');
  const tag = hasTag ? withTag.slice(colon + 1) : '';
  // A literal with undefined parts, not spreads of the present ones: every container's image is read.
  return { name: hasTag ? withTag.slice(0, colon) : withTag, tag: tag === '' ? undefined : tag, digest: digest === '' ? undefined : digest };
}
