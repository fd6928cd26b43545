/** Test-mode keys of the local double; never valid anywhere else. */
export const LOCAL_RAZORPAY_KEYS = {
  keyId: 'rzp_test_localDouble01',
  keySecret: 'local-double-key-secret-not-for-production',
  webhookSecret: 'local-double-webhook-secret-not-for-production',
};
