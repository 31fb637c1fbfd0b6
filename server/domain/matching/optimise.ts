/**
 * Exact seat assignment: given free seats per role, the eligible candidates of each role with
 * integer scores, and how many more women the team needs, choose distinct experts for seats to
 * maximise, lexicographically, (1) seats filled, (2) min(women, womenTarget), (3) total score.
 *
 * Method: min-cost maximum flow, source → role (capacity = seats) → expert (capacity 1, cost
 * −score) → sink. Female experts reach the sink through a hub W with two parallel arcs: capacity
 * womenTarget at cost −B, and unbounded at cost 0, so the flow earns B per woman up to the target
 * (a concave reward, which min-cost flow represents exactly). Successive shortest paths (Bellman–
 * Ford/SPFA; the residual graph never has a negative cycle because we start from the zero flow on
 * a DAG and augment along shortest paths) ends with a maximum flow of minimum cost among maximum
 * flows. Maximum flow = (1). With B = maxScore·K + 1 > any achievable total score (K seats of
 * at most maxScore each), minimum cost = −(B·women-capped + score) is lexicographic in (2)
 * then (3). The constraint matrix is a network matrix (totally unimodular), so the optimum is
 * integral: the result is provably optimal, not a heuristic. All costs are small integers, exact
 * in doubles.
 *
 * Reduction (why 10,000 candidates cost almost nothing): with K = total free seats, keep for each
 * role only its first K candidates by score and its first K female candidates by score. Claim:
 * some lexicographic optimum uses kept (role, expert) pairs only. Take an optimum S with the
 * fewest unkept pairs and suppose (e, r) in S is unkept. S uses at most K experts, so at most K − 1
 * besides e. If e is not female: r's top K all score ≥ score(e, r) and at most K − 1 of them are in
 * S, so some e' of them is unused; moving r's seat from e to e' keeps the seats, cannot lower the
 * women count (e was not a woman) and cannot lower the score. If e is female: the same argument
 * on r's top K women (e is not among them, so there are K of them, all scoring ≥ e) keeps seats
 * and women and cannot lower the score. Either way we get an optimum with fewer unkept pairs, a
 * contradiction. (If a list has fewer than K entries it holds every such candidate, so e would
 * have been kept.) The property tests compare against brute force with the reduction active.
 *
 * Determinism: among teams equal on (1)–(3) we take one that minimises, as a fourth objective,
 * the sum of the chosen candidates' positions in their role's (reduced) list. Lists come in the
 * canonical order (score desc, then fullName, then id), so ties go to earlier names whatever
 * order the roster arrived in. Edge costs become −score·M + position with M above any position
 * sum (and B scaled by M as well), so the tie-break only chooses among optima of (1)–(3).
 */

export interface SeatCandidate {
  /** Identity of the expert (the same number in every role's list). */
  expert: number;
  /** Integer score ≥ 0 (the engine uses fitScore × 10,000). */
  score: number;
  female: boolean;
}

export interface SeatRole {
  seats: number;
  /** In preference order: score desc, ties in the caller's canonical order. */
  candidates: SeatCandidate[];
}

export interface SeatProblem {
  roles: SeatRole[];
  /** Women wanted among the assigned experts (beyond those already pinned). */
  womenTarget: number;
}

export interface SeatAssignment {
  role: number;
  expert: number;
  score: number;
  female: boolean;
}

export interface SeatSolution {
  assignment: SeatAssignment[];
  seats: number;
  women: number;
  score: number;
}

/** The list by score desc (stable, so the caller's tie order stays); checks scores are integers ≥ 0. */
function byScoreDesc(list: SeatCandidate[]): SeatCandidate[] {
  let sorted = true;
  for (let i = 0; i < list.length; i++) {
    const score = list[i]!.score;
    if (!(Number.isInteger(score) && score >= 0)) throw new RangeError(`seat scores must be integers >= 0, got ${score}`);
    if (i > 0 && score > list[i - 1]!.score) sorted = false;
  }
  return sorted ? list : [...list].sort((a, b) => b.score - a.score);
}

/** Keep per role the first K candidates and the first K female candidates (K = total seats). */
export function reduceCandidates(problem: SeatProblem): SeatProblem {
  const k = problem.roles.reduce((n, r) => n + Math.max(0, r.seats), 0);
  const roles = problem.roles.map((role) => {
    if (role.seats <= 0) return { seats: 0, candidates: [] };
    const sorted = byScoreDesc(role.candidates);
    const kept: SeatCandidate[] = [];
    let top = 0;
    let women = 0;
    for (const c of sorted) {
      if (top < k || (c.female && women < k)) kept.push(c);
      top++;
      if (c.female) women++;
      if (top >= k && women >= k) break;
    }
    return { seats: role.seats, candidates: kept };
  });
  return { ...problem, roles };
}

/** Optimal assignment (see the module header). */
export function solveSeats(problem: SeatProblem): SeatSolution {
  const reduced = reduceCandidates(problem);
  const roles = reduced.roles;
  const r = roles.length;
  const k = roles.reduce((n, role) => n + role.seats, 0);
  let maxScore = 0;
  for (const role of roles) for (const c of role.candidates) if (c.score > maxScore) maxScore = c.score;
  // Lexicographic weights: positions sum to < tieScale, scores·tieScale sum to < bonus.
  const longest = roles.reduce((m, role) => Math.max(m, role.candidates.length), 0);
  const tieScale = k * longest + 1;
  const bonus = tieScale * (maxScore * k + 1);
  if (!Number.isSafeInteger(bonus * (k + 1))) throw new RangeError('too many seats for exact integer costs');
  const target = Math.max(0, Math.min(problem.womenTarget, k));

  // Distinct experts of the reduced instance, in first-seen order.
  const node = new Map<number, number>();
  const female: boolean[] = [];
  const expertOf: number[] = [];
  for (const role of roles) {
    for (const c of role.candidates) {
      if (!node.has(c.expert)) {
        node.set(c.expert, expertOf.length);
        expertOf.push(c.expert);
        female.push(c.female);
      }
    }
  }
  const n = expertOf.length;
  const source = 0;
  const roleNode = (i: number) => 1 + i;
  const expertNode = (i: number) => 1 + r + i;
  const hub = 1 + r + n;
  const sink = hub + 1;
  const nodes = sink + 1;

  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  const next: number[] = [];
  const head = new Int32Array(nodes).fill(-1);
  const addEdge = (u: number, v: number, c: number, w: number): number => {
    const id = to.length;
    to.push(v, u);
    cap.push(c, 0);
    cost.push(w, -w);
    next.push(head[u]!, head[v]!);
    head[u] = id;
    head[v] = id + 1;
    return id;
  };

  for (let i = 0; i < r; i++) if (roles[i]!.seats > 0) addEdge(source, roleNode(i), roles[i]!.seats, 0);
  const seatEdges: { edge: number; role: number; c: SeatCandidate }[] = [];
  for (let i = 0; i < r; i++) {
    roles[i]!.candidates.forEach((c, position) => {
      const cost = -c.score * tieScale + position;
      seatEdges.push({ edge: addEdge(roleNode(i), expertNode(node.get(c.expert)!), 1, cost), role: i, c });
    });
  }
  for (let j = 0; j < n; j++) addEdge(expertNode(j), female[j] ? hub : sink, 1, 0);
  if (target > 0) addEdge(hub, sink, target, -bonus);
  addEdge(hub, sink, n, 0);

  // Successive shortest paths with SPFA (queue-based Bellman–Ford).
  const dist = new Float64Array(nodes);
  const prevEdge = new Int32Array(nodes);
  const inQueue = new Uint8Array(nodes);
  const queue = new Int32Array(nodes + 1);
  for (;;) {
    dist.fill(Infinity);
    prevEdge.fill(-1);
    dist[source] = 0;
    let qh = 0;
    let qt = 0;
    queue[qt++] = source;
    inQueue[source] = 1;
    while (qh !== qt) {
      const u = queue[qh]!;
      qh = qh === nodes ? 0 : qh + 1;
      inQueue[u] = 0;
      const du = dist[u]!;
      for (let e = head[u]!; e !== -1; e = next[e]!) {
        if (cap[e]! <= 0) continue;
        const v = to[e]!;
        const nd = du + cost[e]!;
        if (nd < dist[v]!) {
          dist[v] = nd;
          prevEdge[v] = e;
          if (!inQueue[v]) {
            inQueue[v] = 1;
            queue[qt] = v;
            qt = qt === nodes ? 0 : qt + 1;
          }
        }
      }
    }
    if (dist[sink] === Infinity) break;
    let flow = Infinity;
    for (let v = sink; v !== source; v = to[prevEdge[v]! ^ 1]!) flow = Math.min(flow, cap[prevEdge[v]!]!);
    for (let v = sink; v !== source; v = to[prevEdge[v]! ^ 1]!) {
      const e = prevEdge[v]!;
      cap[e]! -= flow;
      cap[e ^ 1]! += flow;
    }
  }

  const assignment: SeatAssignment[] = [];
  let women = 0;
  let score = 0;
  for (const s of seatEdges) {
    if (cap[s.edge] === 0) {
      assignment.push({ role: s.role, expert: s.c.expert, score: s.c.score, female: s.c.female });
      score += s.c.score;
      if (s.c.female) women++;
    }
  }
  return { assignment, seats: assignment.length, women, score };
}
