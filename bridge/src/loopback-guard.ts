/**
 * DNS-rebinding and cross-site defence (as Rojo does): a page on evil.example can make a browser send requests to
 * 127.0.0.1, but it cannot make the Host header say localhost, and it cannot hide its Origin.
 */
import type { RequestHandler } from "express";
import { ApiError } from "./errors";

const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

export function isLoopbackHost(host: string | undefined): boolean {
	return host !== undefined && LOOPBACK_HOST.test(host);
}

/** No Origin header is fine (Studio's HttpService, curl); the literal "null" (sandboxed pages, file://) is not. */
export function isAllowedOrigin(origin: string | undefined): boolean {
	return origin === undefined || LOOPBACK_ORIGIN.test(origin);
}

export const loopbackGuard: RequestHandler = (req, _res, next) => {
	if (!isLoopbackHost(req.headers.host))
		return next(new ApiError("forbidden_host", { host: req.headers.host ?? null }));
	if (!isAllowedOrigin(req.headers.origin))
		return next(new ApiError("forbidden_origin", { origin: req.headers.origin }));
	next();
};
