package dev.ponte.publish;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSpoolTest {

    @TempDir
    Path dir;

    private static void append(EventSpool spool, String id, int bytes) {
        spool.append(id, "order.paid", "cakto", Instant.parse("2024-05-22T17:31:07Z"),
                Instant.parse("2026-11-24T12:00:00.123Z"), "x".repeat(bytes).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsArrivalOrderAndSurvivesAReopen() {
        try (EventSpool spool = new EventSpool(dir, 1_000_000)) {
            for (int i = 0; i < 5; i++) {
                append(spool, "evt_" + i, 10);
            }
            assertThat(spool.depth()).isEqualTo(5);
            assertThat(spool.bytes()).isEqualTo(50);
            assertThat(spool.oldestReceivedAt()).isEqualTo(Instant.parse("2026-11-24T12:00:00.123Z"));
            spool.remove(spool.oldest(2));
        }
        try (EventSpool reopened = new EventSpool(dir, 1_000_000)) {
            assertThat(reopened.depth()).isEqualTo(3);
            List<SpooledEvent> left = reopened.oldest(10);
            assertThat(left).extracting(SpooledEvent::eventId).containsExactly("evt_2", "evt_3", "evt_4");
            assertThat(left.get(0).routingKey()).isEqualTo("order.paid");
            assertThat(left.get(0).provider()).isEqualTo("cakto");
            assertThat(left.get(0).time()).isEqualTo(Instant.parse("2024-05-22T17:31:07Z"));
            assertThat(new String(left.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("x".repeat(10));
            reopened.remove(left);
            assertThat(reopened.depth()).isZero();
            assertThat(reopened.oldestReceivedAt()).isNull();
        }
    }

    @Test
    void refusesWhenFull() {
        try (EventSpool spool = new EventSpool(dir, 100)) {
            append(spool, "evt_a", 60);
            assertThatThrownBy(() -> append(spool, "evt_b", 60)).isInstanceOf(SpoolUnavailableException.class)
                    .hasMessageContaining("full");
            assertThat(spool.depth()).isEqualTo(1);
            append(spool, "evt_c", 40);
            assertThat(spool.accepting()).isFalse();
        }
    }

    @Test
    void commitsAreFsyncedInWalMode() throws Exception {
        try (EventSpool ignored = new EventSpool(dir, 100)) {
            try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("spool.db"));
                 ResultSet mode = connection.createStatement().executeQuery("PRAGMA journal_mode")) {
                assertThat(mode.next()).isTrue();
                assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
            }
        }
    }
}
