package io.lightcloud.loadtest.plan;

/** A plan that cannot run as given; the message names the element or field and becomes a 400. */
public final class PlanProblem extends RuntimeException {
    public PlanProblem(String message) {
        super(message);
    }
}
