package io.lightcloud.volume.backend;

/** A backend's capacity as the scheduler statistics API reports it. */
public record BackendStats(String storageProtocol, long totalCapacityGb, long freeCapacityGb) {
}
