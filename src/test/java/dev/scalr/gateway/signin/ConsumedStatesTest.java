package dev.scalr.gateway.signin;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** States of callbacks already taken: refused once used, forgotten when their login cookie has expired, bounded. */
class ConsumedStatesTest {

    @Test
    void aStateIsTakenOnlyOnce() {
        ConsumedStates states = new ConsumedStates(10);
        assertTrue(states.take("s1", 600, 0));
        assertFalse(states.take("s1", 600, 1));
        assertTrue(states.take("s2", 600, 1));
    }

    @Test
    void expiredStatesAreForgotten() {
        ConsumedStates states = new ConsumedStates(10);
        assertTrue(states.take("s1", 600, 0));
        assertTrue(states.take("s1", 1200, 601), "its login cookie expired at 600: nothing left to replay");
        assertTrue(states.size() == 1);
    }

    @Test
    void atCapacityTheOldestIsDroppedNotAll() {
        ConsumedStates states = new ConsumedStates(3);
        for (String s : new String[] {"a", "b", "c", "d"}) {
            assertTrue(states.take(s, 600, 0));
        }
        assertTrue(states.size() == 3);
        assertFalse(states.take("b", 600, 0));
        assertFalse(states.take("d", 600, 0));
        assertTrue(states.take("a", 600, 0), "the oldest made room");
    }
}
