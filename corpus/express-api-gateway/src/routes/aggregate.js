const express = require('express');
const users = require('../clients/users');
const catalog = require('../clients/catalog');
const { getReviews } = require('../clients/reviews');
const { getInvoiceSummary } = require('../clients/billing');
const { recentOrders } = require('../clients/orders');

const router = express.Router();

// Everything the home screen needs in one round trip.
router.get('/home', async (req, res, next) => {
  try {
    const [profile, prefs, featured, orders] = await Promise.all([
      users.getUser(req.user.sub),
      users.getPreferences(req.user.sub),
      catalog.listFeatured(),
      recentOrders(req.user.sub),
    ]);
    res.json({ profile, prefs, featured, orders });
  } catch (err) {
    next(err);
  }
});

router.get('/products/:id', async (req, res, next) => {
  try {
    const [product, reviews] = await Promise.all([catalog.getProduct(req.params.id), getReviews(req.params.id)]);
    res.json({ ...product, reviews });
  } catch (err) {
    next(err);
  }
});

// The cart page sends every product id in the cart.
router.post('/products/batch', async (req, res, next) => {
  try {
    const products = await Promise.all(req.body.ids.map((id) => catalog.getProduct(id)));
    res.json(products);
  } catch (err) {
    next(err);
  }
});

router.get('/billing/summary', async (req, res, next) => {
  try {
    res.json(await getInvoiceSummary(req.user.sub));
  } catch (err) {
    next(err);
  }
});

module.exports = router;
