import { performance } from 'node:perf_hooks';
import type { Database } from '../store/database.ts';

/**
 * One consumer's leases on the partitions of a topic of the local log, for its group, on the
 * database's clock: a partition is consumed only by the owner of an unexpired lease, which renews
 * it while it works; once it expires (the owner died or hung) another owner takes it over and
 * starts from the group's committed offset. A commit moves that offset only forward, and only
 * while the committer still holds the lease, so a consumer that lost its lease cannot move it.
 */
export interface PartitionLeases {
  /** Takes or renews the lease on a partition: true while this owner holds it. */
  hold(partition: number, options?: { readonly renew?: boolean }): Promise<boolean>;
  /** Moves the group's committed offset of the partition to `offset`: false (nothing changed) for a non-holder or an offset not above it. */
  commit(partition: number, offset: string): Promise<boolean>;
  /** Gives up every lease this owner holds on the topic (a clean stop: the next owner starts at once). */
  release(): Promise<void>;
}

export interface PartitionLeaseOptions {
  readonly groupId: string;
  readonly topic: string;
  readonly owner: string;
  readonly leaseMs: number;
}

export const createPartitionLeases = (db: Database, { groupId, topic, owner, leaseMs }: PartitionLeaseOptions): PartitionLeases => {
  /** Local monotonic time until which a held lease needs no renewal (half its length after it was last renewed). */
  const freshUntil = new Map<number, number>();
  const registered = new Set<number>();

  const take = async (partition: number): Promise<boolean> => {
    const askedAt = performance.now();
    const rows = await db.query(
      `INSERT INTO local_log_leases (group_id, topic, partition, owner, expires_at)
       VALUES ($1, $2, $3, $4, clock_timestamp() + $5::bigint * interval '1 millisecond')
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE local_log_leases.owner = EXCLUDED.owner OR local_log_leases.expires_at <= clock_timestamp()
       RETURNING owner`,
      [groupId, topic, partition, owner, leaseMs],
    );
    if (rows.length === 0) {
      freshUntil.delete(partition);
      return false;
    }
    freshUntil.set(partition, askedAt + leaseMs / 2);
    if (!registered.has(partition)) {
      // The group is known on this partition from its first lease (offset 0: nothing read yet), so
      // retention never prunes records it has not read, even before its first commit.
      await db.query(
        `INSERT INTO local_log_commits (group_id, topic, partition, committed_offset) VALUES ($1, $2, $3, 0)
         ON CONFLICT (group_id, topic, partition) DO NOTHING`,
        [groupId, topic, partition],
      );
      registered.add(partition);
    }
    return true;
  };

  return {
    async hold(partition, options = {}) {
      const fresh = freshUntil.get(partition);
      if (!options.renew && fresh !== undefined && performance.now() < fresh) return true;
      return take(partition);
    },
    commit: (partition, offset) =>
      db.transaction(async (tx) => {
        // Locking the lease row: a takeover waits for this commit, and a commit after a takeover sees the new owner.
        const held = await tx.query(
          `SELECT 1 FROM local_log_leases WHERE group_id = $1 AND topic = $2 AND partition = $3 AND owner = $4
             AND expires_at > clock_timestamp() FOR UPDATE`,
          [groupId, topic, partition, owner],
        );
        if (held.length === 0) return false;
        const moved = await tx.query(
          `INSERT INTO local_log_commits (group_id, topic, partition, committed_offset) VALUES ($1, $2, $3, $4::bigint)
           ON CONFLICT (group_id, topic, partition) DO UPDATE SET committed_offset = EXCLUDED.committed_offset
           WHERE local_log_commits.committed_offset < EXCLUDED.committed_offset
           RETURNING 1`,
          [groupId, topic, partition, offset],
        );
        return moved.length > 0;
      }),
    async release() {
      freshUntil.clear();
      await db.query('DELETE FROM local_log_leases WHERE group_id = $1 AND topic = $2 AND owner = $3', [groupId, topic, owner]);
    },
  };
};
