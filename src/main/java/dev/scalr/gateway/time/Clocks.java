package dev.scalr.gateway.time;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The wall clock, as a bean, so that time-dependent rules (the legacy-issuer deadline, key age) can be tested
 * with a clock the test controls: a test enables an {@code @Alternative} Clock bean in its test profile.
 */
public class Clocks {

    @Produces
    @Singleton
    Clock systemClock() {
        return Clock.systemUTC();
    }
}
