import { describe, expect, it } from 'vitest';
import { crossings, layoutAssetGraph, NODE } from './asset-graph-layout';

const n = (key: string, ...deps: string[]) => ({ key, deps });

describe('layoutAssetGraph', () => {
  it('puts each asset in the layer of its longest path from a source', () => {
    // d depends on a directly and through b → c: the long way decides.
    const g = layoutAssetGraph([n('a'), n('b', 'a'), n('c', 'b'), n('d', 'a', 'c'), n('e')]);
    expect(g.layers).toEqual([['a', 'e'], ['b'], ['c'], ['d']]);
    expect(g.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(['a>b', 'a>d', 'b>c', 'c>d']);
    expect(g.edges.every((e) => !e.back && e.d.startsWith('M'))).toBe(true);
    const at = new Map(g.nodes.map((x) => [x.key, x]));
    expect(at.get('d')!.x).toBe(NODE.margin + 3 * (NODE.width + NODE.layerGap));
    expect(g.width).toBe(at.get('d')!.x + NODE.width + NODE.margin);
    expect(g.height).toBe(2 * NODE.margin + 2 * NODE.height + NODE.rowGap);
  });

  it('orders a layer by barycenter so that edges do not cross', () => {
    // In input order the children of a and of b interleave: three crossings.
    const inputs = [n('a'), n('b'), n('c', 'b'), n('d', 'a'), n('x', 'b'), n('y', 'a')];
    const naive = [
      ['a', 'b'],
      ['c', 'd', 'x', 'y'],
    ];
    const edges = inputs.flatMap((i) => i.deps.map((from) => ({ from, to: i.key })));
    expect(crossings(naive, edges)).toBeGreaterThan(0);
    const g = layoutAssetGraph(inputs);
    expect(crossings(g.layers, g.edges)).toBe(0);
    expect(g.layers[1]!.slice(0, 2).sort()).toEqual(['d', 'y']);
  });

  it('keeps the input order when nothing crosses', () => {
    expect(layoutAssetGraph([n('a'), n('b'), n('c', 'a'), n('d', 'b')]).layers).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('lays out a cycle, a self-dependency and unknown deps without throwing', () => {
    const g = layoutAssetGraph([n('a', 'c'), n('b', 'a'), n('c', 'b'), n('s', 's'), n('u', 'ghost', 'a')]);
    expect(g.nodes.map((x) => x.key).sort()).toEqual(['a', 'b', 'c', 's', 'u']);
    expect(
      g.edges
        .filter((e) => e.back)
        .map((e) => `${e.from}>${e.to}`)
        .sort(),
    ).toEqual(['a>b', 's>s']);
    expect(g.unknownDeps).toEqual([{ asset: 'u', dep: 'ghost' }]);
    expect(new Set(g.nodes.map((x) => x.layer)).size).toBeGreaterThan(1);
  });

  it('an empty graph is empty', () => {
    expect(layoutAssetGraph([])).toMatchObject({ nodes: [], edges: [], layers: [], width: 0, height: 0 });
  });
});
