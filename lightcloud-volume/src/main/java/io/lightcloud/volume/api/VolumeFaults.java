package io.lightcloud.volume.api;

import io.lightcloud.common.api.ApiException;

/** Cinder's wording for its faults, which clients and operators recognise. */
public final class VolumeFaults {
    private VolumeFaults() {
    }

    public static ApiException volumeNotFound(String id) {
        return ApiException.notFound("Volume " + id + " could not be found.");
    }

    public static ApiException snapshotNotFound(String id) {
        return ApiException.notFound("Snapshot " + id + " could not be found.");
    }

    public static ApiException typeNotFound(String id) {
        return ApiException.notFound("Volume type " + id + " could not be found.");
    }

    public static ApiException typeNotFoundByName(String name) {
        return ApiException.notFound("Volume type with name " + name + " could not be found.");
    }

    public static ApiException imageNotFound(String id) {
        return ApiException.notFound("Image " + id + " could not be found.");
    }

    public static ApiException attachmentNotFound(String id) {
        return ApiException.notFound("Volume attachment could not be found with filter: attachment_id = " + id + ".");
    }

    public static ApiException invalidVolume(String reason) {
        return ApiException.badRequest("Invalid volume: " + reason);
    }

    public static ApiException invalidSnapshot(String reason) {
        return ApiException.badRequest("Invalid snapshot: " + reason);
    }

    public static ApiException invalidInput(String reason) {
        return ApiException.badRequest("Invalid input received: " + reason);
    }

    /** Cinder's answer when the project in the URL is not the token's project. */
    public static ApiException malformedUrl() {
        return ApiException.badRequest("Malformed request url");
    }

    /** Cinder answers 404 for an API its negotiated microversion does not have. */
    public static ApiException versionTooLow() {
        return ApiException.notFound("The resource could not be found.");
    }

    public static ApiException overQuota(String message) {
        return ApiException.payloadTooLarge(message);
    }
}
