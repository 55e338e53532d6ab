import { parseImageReference } from '../src/imageReference.js';
import { KustomizeLayout } from '../src/kustomize.js';
import { everyContainer } from '../src/podTemplate.js';
import type { Resource } from '../src/resource.js';
import { defineRule, optionsSchema } from '../src/rule.js';
import { asArray, asString, asStringList, isRecord } from '../src/values.js';

interface Options {
  /** Tags that move from one image to the next, reported like `latest` (`main`, `stable`, …). */
  mutableTags: string[];
}

const DEFAULT_MUTABLE_TAGS = ['latest'];

export default defineRule<Options>({
  meta: {
    id: 'image-tag',
    description: 'Every container image names a fixed tag or a digest, not latest or nothing',
    severity: 'warning',
    category: 'practice',
    preset: 'recommended',
    scope: 'set',
    options: optionsSchema({
      mutableTags: { description: 'Tags that move from one image to the next, reported like latest', type: 'array', items: { type: 'string' } },
    }),
    kubeLinter: ['latest-tag'],
  },
  defaultOptions: { mutableTags: DEFAULT_MUTABLE_TAGS },
  check({ workloads, index, options, report }) {
    const mutableTags = new Set(asStringList(options.mutableTags) ?? DEFAULT_MUTABLE_TAGS);
    let layout: KustomizeLayout | undefined;
    for (const { resource, template } of workloads) {
      let pinnedByKustomize: Set<string> | undefined;
      for (const { container, path, label } of everyContainer(template)) {
        // An empty or non-string image is the schema rule's finding.
        const image = asString(container.image);
        if (!image) continue;
        const reference = parseImageReference(image);
        if (reference.digest !== undefined) continue;
        if (reference.tag !== undefined && !mutableTags.has(reference.tag)) continue;
        // `<image>`, `${IMAGE}`, `{{image}}`: a placeholder that a tool replaces, tag and all.
        if (reference.tag === undefined && hasPlaceholder(reference.name.slice(reference.name.lastIndexOf('/') + 1))) continue;
        layout ??= new KustomizeLayout(index);
        pinnedByKustomize ??= imagesPinnedFor(resource, layout, mutableTags);
        if (pinnedByKustomize.has(reference.name)) continue;
        const fix = `pin a version (${reference.name}:<version>) or a digest (${reference.name}@sha256:…)`;
        const message =
          reference.tag === undefined
            ? `${label}: image ${image} has no tag, so it pulls whatever latest is at the time: two nodes, or a restart after a push, can run different code, and a rollback does not roll the image back; ${fix}`
            : `${label}: image ${image} uses the tag ${reference.tag}, which moves with every push: two nodes, or a restart after a push, can run different code, and a rollback does not roll the image back; ${fix}`;
        report(resource, [...path, 'image'], message);
      }
    }
  },
});

function hasPlaceholder(text: string): boolean {
  return ['<', '$', '{'].some((opener) => text.includes(opener));
}

/**
 * Image names that the kustomizations and components applying to the resource rewrite to a fixed
 * tag or a digest (their `images:` transformer): the manifest's own tag is then a placeholder.
 */
function imagesPinnedFor(resource: Resource, layout: KustomizeLayout, mutableTags: ReadonlySet<string>): Set<string> {
  const pinned = new Set<string>();
  for (const kustomization of layout.applyingTo(resource)) {
    for (const entry of asArray(kustomization.object['images'])) {
      if (!isRecord(entry)) continue;
      const name = asString(entry['name']);
      // `newTag: 1.2` is a number in YAML; kustomize takes it as the tag "1.2".
      const newTag = typeof entry['newTag'] === 'number' ? String(entry['newTag']) : asString(entry['newTag']);
      const digest = asString(entry['digest']);
      if (name && (digest || (newTag && !mutableTags.has(newTag)))) pinned.add(name);
    }
  }
  return pinned;
}
