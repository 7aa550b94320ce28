const multer = require('multer');
const path = require('path');
const os = require('os');

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

// Images are resized straight from memory.
const imageUpload = multer({
  storage: multer.memoryStorage(),
  fileFilter: (req, file, cb) => cb(null, IMAGE_TYPES.includes(file.mimetype)),
});

// Documents go to a temp folder first.
const documentUpload = multer({
  dest: path.join(os.tmpdir(), 'media-uploads'),
  limits: { fileSize: 50 * 1024 * 1024, files: 10 },
});

module.exports = { imageUpload, documentUpload };
