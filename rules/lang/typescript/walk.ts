import ts from "typescript";

/** What a tree walk does after visiting a node: go on into its children, "skip" them, or "stop" the walk. */
export type WalkStep = void | "skip" | "stop";

/**
 * Visits `root` and its descendants in source order (pre-order) with an explicit stack instead of recursion,
 * so a 10,000-level nested tree (a long promise chain, minified or generated code) cannot overflow the stack.
 */
export function walkTree(root: ts.Node, visit: (node: ts.Node) => WalkStep): void {
  const stack: ts.Node[] = [root];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node) => {
    children.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    const step = visit(node);
    if (step === "stop") return;
    if (step === "skip") continue;
    children.length = 0;
    ts.forEachChild(node, collect);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
