/**
 * The PostgreSQL adapter. Where a new query goes, and in which technique, follows one rule:
 *
 * <ul>
 *   <li><b>One implementation per port</b>, named after it: {@code PostgresServers} implements
 *       {@code Servers}, {@code PostgresSnapshotQueries} implements {@code SnapshotQueries}. The
 *       only other port implementation is {@link RememberedApiTokens}, a decorator that gives the
 *       token port a memory.
 *   <li><b>Aggregates travel as rows in plain SQL.</b> Every read and write of a whole {@code
 *       Server}, {@code Snapshot} or {@code Operation} is a statement on the transaction's own
 *       connection ({@link Jdbc}), and {@link DomainMapping} is the one place where a row becomes
 *       an aggregate and an aggregate becomes parameters, by column name, once per aggregate. This
 *       is the command path and the workers' path: an entity in the session cost a create a third
 *       of its CPU (hydration, the action queue, dirty checking at commit).
 *   <li><b>The API's reads answer read models</b> ({@code SnapshotView}, {@code Page}) from {@code
 *       PostgresSnapshotQueries}, in plain SQL too, each row mapped by {@link DomainMapping}.
 *       Outside a transaction (a customer's {@code GET}) they run on a pooled connection of their
 *       own, without an ORM session or the transaction manager ({@link Reads}).
 *   <li><b>Everything that is not an aggregate</b> (accounts, tokens, ids, owners, counts,
 *       existence checks, single-column updates, deletes) goes through the repository's Panache
 *       operations or JPQL on the {@code *Entity} classes; native SQL only for what JPQL cannot
 *       say: PostgreSQL's locks ({@code for update skip locked}, advisory locks), {@code on
 *       conflict}, {@code jsonb}, sequences and {@code clock_timestamp()}.
 *   <li>The schema is Flyway's ({@code db/migration}); the entities describe it for Hibernate and
 *       never leave this package.
 * </ul>
 */
package org.vps.snapshots.persistence;
